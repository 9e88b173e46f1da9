/// One knob as a tuner plans it.
public struct PlannedKnob: Codable, Sendable, Equatable {
    /// The module's key for the knob.
    public let key: String
    /// The value the module wants.
    public let value: String
    /// One line saying why.
    public let why: String
    /// Set when this host cannot take the knob.
    public let unsupported: String?
    /// What a change does not reach by itself, and what to restart so it does.
    public let afterChange: String?

    enum CodingKeys: String, CodingKey {
        case key, value, why, unsupported
        case afterChange = "after_change"
    }
}
