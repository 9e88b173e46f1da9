import FoundationEssentials

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
