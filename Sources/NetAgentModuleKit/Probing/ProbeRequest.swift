import FoundationEssentials

/// What the host asks a probe to measure.
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

    enum CodingKeys: String, CodingKey {
        case targets, count, config
        case intervalMS = "interval_ms"
        case timeoutMS = "timeout_ms"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        targets = try container.decode([String].self, forKey: .targets)
        count = try container.decode(Int.self, forKey: .count)
        intervalMS = try container.decode(Int.self, forKey: .intervalMS)
        timeoutMS = try container.decode(Int.self, forKey: .timeoutMS)
        configJSON = try container.decodeIfPresent(RawJSON.self, forKey: .config)?.text ?? "{}"
    }
}
