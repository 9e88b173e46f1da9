import FoundationEssentials

/// What the host asks a tuner to plan for: the wire request (`WirePlanRequest`) with the config
/// table kept as text for `config(as:)`.
public struct PlanRequest: ModuleRequest, Decodable, Sendable {
    /// The chosen profile.
    public var profile: Profile
    /// The module's config table as JSON text (`{}` when none).
    public var configJSON: String

    public init(from decoder: Decoder) throws {
        let wire = try WirePlanRequest(from: decoder)
        profile = wire.profile
        configJSON = try ConfigText.of(wire.config)
    }
}
