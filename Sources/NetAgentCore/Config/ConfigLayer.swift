/// The settings one part of the config file makes: the top level, or one `[host."glob"]` section.
public struct ConfigLayer: Sendable, Equatable {
    public var profile: Profile?
    public var enable: [String]?
    public var disable: [String]?
    /// Each module's table: its keys and their values as JSON text, by module name.
    public var moduleTables: [String: [String: ConfigValue]] = [:]
}
