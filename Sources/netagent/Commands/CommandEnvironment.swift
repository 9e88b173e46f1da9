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
        var logger = Logger(label: "netagent") { OneLineLogHandler(wrapping: StreamLogHandler.standardError(label: $0)) }
        logger.logLevel = options.verbose ? .info : .warning
        context = try HostContext(logger: logger, root: options.root)
        config = try ConfigFile.load(path: options.config)
        searchPath = ModuleSearchPath.directories(
            commandLine: options.modulePath,
            environment: getenv(ModuleSearchPath.environmentVariable).map { String(cString: $0) },
            executablePath: RunningProgram.path())
        ModuleCallGuard.install()
        catalog =
            loadModules
            ? ModuleDiscovery.catalog(from: searchPath, cache: ModuleCatalogCache(directory: options.cacheDir))
            : ModuleCatalog(records: [])
    }

    /// The selection for this command's options.
    func selection(_ options: SelectionOptions) throws -> Selection {
        try Selection(config: config, catalog: catalog, overrides: overrides(options))
    }

    /// What the command line changes in the config's selection.
    func overrides(_ options: SelectionOptions) throws -> SelectionOverrides {
        func names(_ list: String?) -> [String]? {
            list.map { $0.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty } }
        }
        let profile = try options.profile.map { try Profile(parsing: $0, source: "--profile") }
        return SelectionOverrides(
            enable: names(options.enable), disable: names(options.disable) ?? [], profile: profile, host: options.host)
    }

    /// The journal under `--state-dir`.
    func journal() -> Journal {
        Journal(stateDirectory: options.stateDir)
    }

    /// Warns on standard error about transactions a crash left unfinished and about journal
    /// entries that cannot be read (which are otherwise left alone); returns the journal.
    @discardableResult
    func warnAboutUnfinished() throws -> JournalListing {
        let listing = try journal().listing()
        for entry in listing.entries where entry.isUnfinished {
            let stage = entry.state == .open ? "applying" : "rolling back"
            Output.warn(
                "transaction \(entry.id) was left unfinished (netagent stopped while \(stage) it); restore it with `netagent rollback \(entry.id)`"
            )
        }
        for entry in listing.unreadable {
            Output.warn(
                "journal entry \(entry.id) is ignored: \(entry.reason)"
                    + (entry.id == listing.possiblyOpen?.id
                        ? "; as the newest entry it may be a transaction a crash left open, so `run` will not apply until it is repaired or moved away"
                        : ""))
        }
        return listing
    }

    /// `warnAboutUnfinished` for a command that changes nothing (`status`, `run --dry-run`): a
    /// journal this user cannot list, as root's (mode 0700) is to anyone else, is only a warning,
    /// and the answer is nil (not known) rather than an empty list.
    @discardableResult
    func warnAboutUnfinishedIfListable() -> JournalListing? {
        do {
            return try warnAboutUnfinished()
        } catch {
            Output.warn("\(error); transactions a crash left unfinished, if any, are not shown")
            return nil
        }
    }
}
