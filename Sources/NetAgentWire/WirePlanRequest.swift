import NetAgentJSON

/// A tuner's `plan` request as it crosses module.h: `{"profile": "...", "config": {...}}`. The
/// host encodes it and the module kit decodes it; an absent config is an empty table.
public struct WirePlanRequest: Codable, Sendable, Equatable {
    /// The profile to plan for.
    public let profile: Profile
    /// The module's config table.
    public let config: [String: JSONValue]

    public init(profile: Profile, config: [String: JSONValue]) {
        self.profile = profile
        self.config = config
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        profile = try container.decode(Profile.self, forKey: .profile)
        config = try container.decodeIfPresent([String: JSONValue].self, forKey: .config) ?? [:]
    }
}
