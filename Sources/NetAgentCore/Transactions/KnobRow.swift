/// One knob of the selection: what a tuner wants, what the system has, and what a run would do.
public struct KnobRow: Codable, Sendable, Equatable {
    /// What a run would do with the knob, or what `status` found.
    public enum Action: String, Codable, Sendable {
        /// The current value differs from the desired one: `run` writes it; `status` calls it drifted.
        case change
        /// The current value is the desired one.
        case unchanged
        /// This host cannot take the knob; `reason` says why.
        case unsupported
    }

    public let module: String
    public let key: String
    /// The value now, nil when absent or unknown (unsupported).
    public let current: String?
    public let desired: String
    public let action: Action
    /// Why the tuner wants the value.
    public let why: String
    /// Why the knob is unsupported.
    public let reason: String?
    /// What a change does not reach by itself (new sockets only, new qdiscs only), and what to restart.
    public var afterChange: String? = nil

    enum CodingKeys: String, CodingKey {
        case module, key, current, desired, action, why, reason
        case afterChange = "after_change"
    }
}
