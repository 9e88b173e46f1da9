import FoundationEssentials

/// A tuner lists the knobs it wants and reads or writes one knob at a time.
/// It changes nothing except in `write`; the host does diff, journal, verify and rollback.
public protocol Tuner: Sendable {
    /// The module's metadata.
    var info: ModuleInfo { get }
    /// The knobs wanted for a profile and config. Changes nothing.
    func plan(_ request: PlanRequest, context: ModuleContext) throws -> [Knob]
    /// The current value of a knob, nil when absent; throws `.unsupported` when the host lacks it.
    func read(key: String, context: ModuleContext) throws -> String?
    /// Sets a knob; nil makes it absent.
    func write(key: String, value: String?, context: ModuleContext) throws
}

/// The tuning profiles, from the most latency-focused to the most cautious.
public enum Profile: String, Codable, Sendable, CaseIterable {
    case aggressive, moderate, conservative
}

/// What the host asks a tuner to plan for.
public struct PlanRequest: ModuleRequest, Decodable, Sendable {
    /// The chosen profile.
    public var profile: Profile
    /// The module's config table as JSON text (`{}` when none).
    public var configJSON: String

    enum CodingKeys: String, CodingKey { case profile, config }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        profile = try container.decode(Profile.self, forKey: .profile)
        configJSON = try container.decodeIfPresent(RawJSON.self, forKey: .config)?.text ?? "{}"
    }
}

/// One setting a tuner wants: its key, desired value and why.
public struct Knob: Encodable, Sendable, Equatable {
    /// The module's key, by convention `sysctl:net.ipv4.tcp_congestion_control`, `file:/etc/...`.
    public var key: String
    /// The desired value.
    public var value: String
    /// One line saying why this value helps real-time traffic.
    public var why: String
    /// Set when this host cannot take the knob, with the reason.
    public var unsupported: String?

    public init(key: String, value: String, why: String, unsupported: String? = nil) {
        self.key = key
        self.value = value
        self.why = why
        self.unsupported = unsupported
    }
}
