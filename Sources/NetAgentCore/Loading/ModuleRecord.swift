/// One module file as the loader found it: what it is and whether it is in use.
public struct ModuleRecord: Codable, Sendable, Equatable {
    /// Whether the module is in use.
    public enum State: String, Codable, Sendable {
        /// Loaded and available.
        case loaded
        /// A valid module whose name an earlier module in the search order already took.
        case shadowed
        /// Not loaded; `reason` says why.
        case refused
    }

    /// The module's name, when the loader got that far.
    public var name: String?
    public var kind: ModuleKind?
    public var version: String?
    /// The ABI major the module was built for.
    public var abi: UInt32?
    /// The `struct_size` its descriptor declared.
    public var structSize: UInt32?
    /// The module file.
    public var path: String
    /// Which search directory it came from.
    public var origin: String
    public var state: State
    /// Why it was refused or shadowed.
    public var reason: String?
    public var summary: String?
    /// JSON Schema of its config table, when it has one.
    public var configSchema: String?
    /// Probes: true when a round measures all its targets at once (`NETAGENT_FLAG_TARGETS_AT_ONCE`).
    public var targetsAtOnce: Bool?

    enum CodingKeys: String, CodingKey {
        case name, kind, version, abi, path, origin, state, reason, summary
        case structSize = "struct_size"
        case configSchema = "config_schema"
        case targetsAtOnce = "targets_at_once"
    }
}
