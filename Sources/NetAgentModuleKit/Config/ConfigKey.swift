/// What users are told about one key of a module's config table (`netagent describe`): its
/// meaning and default. Its name and JSON type are not repeated here: `ConfigSchema` reads them
/// from the module's `Decodable` config type, so the schema and the decoding cannot disagree.
public struct ConfigKey: Sendable {
    /// One line saying what the key does.
    public let description: String
    /// The default, as JSON text, when the module has one.
    public let defaultJSON: String?
    /// The JSON type of a key the module's config type does not read: a host key such as
    /// `count`, whose default the module sets. Nil for the module's own keys.
    public let hostType: String?

    /// A key the module's config type reads.
    public init(_ description: String, default defaultJSON: String? = nil) {
        self.description = description
        self.defaultJSON = defaultJSON
        hostType = nil
    }

    /// A host key (`count`, `interval_ms`, `timeout_ms`) whose default this module sets.
    public static func hostKey(_ description: String, type: String, default defaultJSON: String) -> ConfigKey {
        ConfigKey(description: description, defaultJSON: defaultJSON, hostType: type)
    }

    private init(description: String, defaultJSON: String?, hostType: String?) {
        self.description = description
        self.defaultJSON = defaultJSON
        self.hostType = hostType
    }
}
