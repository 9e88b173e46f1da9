import FoundationEssentials
import NetAgentJSON

/// The modules, profile and module settings that apply to one host: config top level,
/// then the matching `[host."glob"]` section, then the command line.
public struct Selection: Sendable {
    /// The hostname selected for.
    public let hostname: String
    /// The config file the selection came from; nil when there is none.
    public let configPath: String?
    /// The host section that matched, if any.
    public let hostPattern: String?
    public let profile: Profile
    /// The enabled modules, in `enable` order (search order when every module is enabled).
    public let modules: [AvailableModule]
    /// Each enabled module's merged table (top level, then host section).
    private let tables: [String: [String: ConfigValue]]

    /// Resolves the selection and checks the whole config against the modules found:
    /// unknown modules, unknown keys and wrong types are errors, in every section.
    public init(config: ConfigFile, catalog: ModuleCatalog, overrides: SelectionOverrides) throws {
        let source = config.path ?? "command line"
        try ConfigValidator.validate(config, catalog: catalog)
        configPath = config.path
        hostname = overrides.host ?? HostMatcher.localHostname()
        let section = try HostMatcher.section(for: hostname, in: config.hosts, path: source)
        hostPattern = section?.pattern
        let host = section?.layer ?? ConfigLayer()
        profile = overrides.profile ?? host.profile ?? config.base.profile ?? .default
        let enable = overrides.enable ?? host.enable ?? config.base.enable
        let disable = Set((host.disable ?? config.base.disable ?? []) + overrides.disable)
        for name in (overrides.enable ?? []) + overrides.disable {
            try ConfigValidator.requireModule(name, in: catalog, source: "command line")
        }
        let chosen = enable.map { names in names.compactMap { catalog.module(named: $0) } } ?? catalog.modules
        modules = chosen.filter { !disable.contains($0.name) }
        var tables = config.base.moduleTables
        for (name, entries) in host.moduleTables {
            tables[name, default: [:]].merge(entries) { _, hostValue in hostValue }
        }
        self.tables = tables
    }

    /// The enabled modules of one kind.
    public func modules(of kind: ModuleKind) -> [AvailableModule] {
        modules.filter { $0.kind == kind }
    }

    /// A module's config table, without the host's probe keys.
    public func config(for module: AvailableModule) -> [String: JSONValue] {
        (tables[module.name] ?? [:])
            .filter { ProbeTableKeys.types[$0.key] == nil || module.kind == .tuner }
            .mapValues(\.value)
    }

    /// One raw entry of a module's table, if set.
    public func value(_ key: String, for module: AvailableModule) -> ConfigValue? {
        tables[module.name]?[key]
    }
}
