import FoundationEssentials

/// A named measurement kept under `<state-dir>/baselines/<name>.json`: the raw samples and
/// statistics of every target, to compare a later measurement against.
public struct Baseline: Codable, Sendable {
    public let name: String
    /// When it was measured, ISO 8601 UTC.
    public let created: String
    public let hostname: String
    public let targets: [TargetReport]

    public init(name: String, hostname: String, targets: [TargetReport]) {
        self.name = name
        self.created = Date().ISO8601Format()
        self.hostname = hostname
        self.targets = targets
    }
}
