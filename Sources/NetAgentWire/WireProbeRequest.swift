import NetAgentJSON

/// A probe's `run` request as it crosses module.h: targets, schedule and the probe's own config
/// table. The host encodes it and the module kit decodes it; an absent config is an empty table.
public struct WireProbeRequest: Codable, Sendable, Equatable {
    /// Targets in the probe's own syntax, such as `host:port`.
    public let targets: [String]
    /// Attempts per target.
    public let count: Int
    /// Pause between attempts, in milliseconds.
    public let intervalMS: Int
    /// How long one attempt may take, in milliseconds.
    public let timeoutMS: Int
    /// The module's config table.
    public let config: [String: JSONValue]

    enum CodingKeys: String, CodingKey {
        case targets, count, config
        case intervalMS = "interval_ms"
        case timeoutMS = "timeout_ms"
    }

    public init(targets: [String], count: Int, intervalMS: Int, timeoutMS: Int, config: [String: JSONValue]) {
        self.targets = targets
        self.count = count
        self.intervalMS = intervalMS
        self.timeoutMS = timeoutMS
        self.config = config
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        targets = try container.decode([String].self, forKey: .targets)
        count = try container.decode(Int.self, forKey: .count)
        intervalMS = try container.decode(Int.self, forKey: .intervalMS)
        timeoutMS = try container.decode(Int.self, forKey: .timeoutMS)
        config = try container.decodeIfPresent([String: JSONValue].self, forKey: .config) ?? [:]
    }
}
