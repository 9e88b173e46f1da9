import FoundationEssentials

/// What the host asks a probe to measure: the wire request (`WireProbeRequest`) with the config
/// table kept as text for `config(as:)`.
public struct ProbeRequest: ModuleRequest, Decodable, Sendable {
    /// Targets in the probe's own syntax, such as `host:port`.
    public var targets: [String]
    /// Attempts per target.
    public var count: Int
    /// Pause between attempts, in milliseconds.
    public var intervalMS: Int
    /// How long one attempt may take, in milliseconds.
    public var timeoutMS: Int
    /// The module's config table as JSON text (`{}` when none).
    public var configJSON: String

    public init(from decoder: Decoder) throws {
        let wire = try WireProbeRequest(from: decoder)
        targets = wire.targets
        count = wire.count
        intervalMS = wire.intervalMS
        timeoutMS = wire.timeoutMS
        configJSON = try ConfigText.of(wire.config)
    }
}
