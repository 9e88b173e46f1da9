/// Everything `describe` shows about one module.
public struct ModuleDescription: Encodable, Sendable {
    /// One config key the module takes.
    public struct ConfigKey: Encodable, Sendable {
        public let key: String
        public let type: String?
        public let description: String?
        /// The default, as JSON text.
        public let defaultValue: String?
        enum CodingKeys: String, CodingKey {
            case key, type, description
            case defaultValue = "default"
        }
    }

    /// One knob under one profile, and how it stands on this host.
    public struct ProfileKnob: Encodable, Sendable {
        public let key: String
        public let value: String
        public let why: String
        /// Why this host cannot take the knob, if it cannot.
        public let unsupported: String?
    }

    public let name: String
    public let kind: ModuleKind
    public let version: String
    public let summary: String
    public let path: String
    public let config: [ConfigKey]
    /// A tuner's knobs per profile name; empty for probes.
    public let profiles: [String: [ProfileKnob]]
    /// A tuner's knobs under the default profile with their current values on this host.
    public let currentHost: [KnobRow]

    enum CodingKeys: String, CodingKey {
        case name, kind, version, summary, path, config, profiles
        case currentHost = "current_host"
    }

    /// Asks the module for its plan under every profile (with an empty config) and reads its
    /// knobs; a tuner is loaded in this process for that, a probe is not.
    public init(_ module: AvailableModule, context: HostContext) throws {
        name = module.name
        kind = module.kind
        version = module.version
        summary = module.summary
        path = module.path
        let schema = try ModuleConfigSchema(json: module.configSchema, module: module.name)
        var keys = schema.properties.map { key, property in
            ConfigKey(key: key, type: property.type, description: property.description, defaultValue: property.defaultJSON)
        }
        if module.kind == .probe {
            keys += ProbeTableKeys.types.filter { schema.properties[$0.key] == nil }.map { key, type in
                ConfigKey(key: key, type: type, description: ProbeSettings.descriptions[key], defaultValue: ProbeSettings.defaults[key])
            }
        }
        config = keys.sorted { $0.key < $1.key }
        guard module.kind == .tuner else {
            profiles = [:]
            currentHost = []
            return
        }
        let tuner = try ModuleLoader.load(module)
        let services = context.services(for: tuner)
        var profiles: [String: [ProfileKnob]] = [:]
        for profile in Profile.allCases {
            profiles[profile.rawValue] = try tuner.plan(profile: profile, config: [:], services: services).map {
                ProfileKnob(key: $0.key, value: $0.value, why: $0.why, unsupported: $0.unsupported)
            }
        }
        self.profiles = profiles
        currentHost = try KnobPlanner.rows(for: tuner, profile: .default, config: [:], context: context)
    }
}
