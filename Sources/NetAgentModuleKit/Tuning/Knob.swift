import FoundationEssentials

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
