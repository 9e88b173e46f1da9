import Glibc
import Logging
import NetAgentCore

/// Everything a command needs, set up the same way for every command.
struct CommandEnvironment {
    let options: GlobalOptions
    let config: ConfigFile
    let catalog: ModuleCatalog
    let context: HostContext
    let searchPath: [ModuleDirectory]

    /// Sets up logging, the root, the config and (unless `loadModules` is false) the catalog of
    /// modules, read in a helper process; a module's code runs here only once a command uses it.
    init(_ options: GlobalOptions, loadModules: Bool = true) throws {
        self.options = options
        var logger = Logger(label: "netagent") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = options.verbose ? .info : .warning
        context = try HostContext(logger: logger, root: options.root)
        config = try ConfigFile.load(path: options.config)
        searchPath = ModuleSearchPath.directories(
            commandLine: options.modulePath,
            environment: getenv(ModuleSearchPath.environmentVariable).map { String(cString: $0) },
            executablePath: ModuleSearchPath.executablePath())
        ModuleCallGuard.install()
        catalog = loadModules ? ModuleDiscovery.catalog(from: searchPath) : ModuleCatalog(records: [])
    }

    /// The selection for this command's options.
    func selection(_ options: SelectionOptions) throws -> Selection {
        func names(_ list: String?) -> [String]? {
            list.map { $0.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty } }
        }
        let profile = try options.profile.map { try Profile(parsing: $0, source: "--profile") }
        return try Selection(config: config, catalog: catalog, overrides: SelectionOverrides(
            enable: names(options.enable), disable: names(options.disable) ?? [], profile: profile, host: options.host))
    }

    /// The journal under `--state-dir`.
    func journal() -> Journal {
        Journal(stateDirectory: options.stateDir)
    }

    /// Warns on standard error about transactions a crash left unfinished; returns their ids.
    func warnAboutUnfinished() throws -> [Int] {
        let ids = try journal().unfinished().map(\.id)
        for id in ids {
            Output.warn("transaction \(id) was left unfinished (netagent stopped while applying it); restore it with `netagent rollback \(id)`")
        }
        return ids
    }
}
