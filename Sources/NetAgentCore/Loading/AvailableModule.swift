/// A module that discovery found usable: what it says of itself, read in a helper process.
/// Nothing of it runs in this process until `ModuleLoader.load` is called for it.
public struct AvailableModule: Sendable, Equatable {
    /// The module's unique name.
    public let name: String
    public let kind: ModuleKind
    public let version: String
    public let summary: String
    /// JSON Schema of its config table, or nil.
    public let configSchema: String?
    /// The file it is loaded from.
    public let path: String
    /// Probes: true when a round measures all its targets at once.
    public var targetsAtOnce = false
}
