/// What a module tells the host about itself: the descriptor's metadata.
public struct ModuleInfo: Sendable {
    /// Unique name, 1 to 32 characters of `[a-z0-9-]`; what users type in `--enable`.
    public var name: String
    /// The module's own version, such as "1.0.0".
    public var version: String
    /// One line saying what the module does, without a trailing period.
    public var summary: String
    /// JSON Schema of the module's config table (an object with "properties"), or nil.
    public var configSchema: String?
    /// True when the host may call the module from several threads at once.
    public var threadSafe: Bool
    /// Probes: true when a round measures all its targets at once, so a run takes
    /// count x interval plus one timeout however many targets there are.
    public var targetsAtOnce: Bool
    /// Probes: true when the probe opens raw sockets, so its helper keeps `CAP_NET_RAW` when it
    /// drops root (`NETAGENT_FLAG_NEEDS_RAW_SOCKETS`); without it the helper has no capability.
    public var needsRawSockets: Bool

    /// A module that takes no config, or (the C way) one whose JSON Schema is written by hand.
    public init(
        name: String, version: String, summary: String, configSchema: String? = nil, threadSafe: Bool = false,
        targetsAtOnce: Bool = false, needsRawSockets: Bool = false
    ) {
        self.name = name
        self.version = version
        self.summary = summary
        self.configSchema = configSchema
        self.threadSafe = threadSafe
        self.targetsAtOnce = targetsAtOnce
        self.needsRawSockets = needsRawSockets
    }

    /// A module whose config table is read into `config`: the schema is derived from the type and
    /// `keys` (see `ConfigSchema`), so the two cannot disagree.
    public init<Config: Decodable>(
        name: String, version: String, summary: String, config: Config.Type, keys: [String: ConfigKey], threadSafe: Bool = false,
        targetsAtOnce: Bool = false, needsRawSockets: Bool = false
    ) {
        self.init(
            name: name, version: version, summary: summary,
            configSchema: ConfigSchema.derive(from: config, keys: keys), threadSafe: threadSafe, targetsAtOnce: targetsAtOnce,
            needsRawSockets: needsRawSockets)
    }
}
