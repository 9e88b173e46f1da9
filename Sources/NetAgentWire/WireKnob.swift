/// One knob of a tuner's `plan` answer as it crosses module.h: its key, desired value and why.
/// The module kit encodes it (modules call it `Knob`) and the host decodes it.
public struct WireKnob: Codable, Sendable, Equatable {
    /// The module's key, by convention `sysctl:net.ipv4.tcp_congestion_control`, `file:/etc/...`.
    public var key: String
    /// The desired value.
    public var value: String
    /// One line saying why this value helps real-time traffic.
    public var why: String
    /// Set when this host cannot take the knob, with the reason.
    public var unsupported: String?
    /// What a change does not reach by itself, and what to restart so it does: a setting that only
    /// new sockets or new qdiscs pick up says so here. netagent shows it in the plan and after applying.
    public var afterChange: String?

    enum CodingKeys: String, CodingKey {
        case key, value, why, unsupported
        case afterChange = "after_change"
    }

    public init(key: String, value: String, why: String, unsupported: String? = nil, afterChange: String? = nil) {
        self.key = key
        self.value = value
        self.why = why
        self.unsupported = unsupported
        self.afterChange = afterChange
    }
}

/// A tuner's `plan` answer: `{"knobs": [...]}`.
public struct WirePlanAnswer: Codable, Sendable, Equatable {
    public let knobs: [WireKnob]

    public init(knobs: [WireKnob]) {
        self.knobs = knobs
    }
}
