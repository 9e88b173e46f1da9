import ArgumentParser
import Glibc
import NetAgentCore

/// The options every command takes.
struct GlobalOptions: ParsableArguments {
    @Flag(help: "Print one JSON object (schema in docs/json.md) instead of a table.")
    var json = false

    @Option(
        help: ArgumentHelp("Config file (TOML).", discussion: "Default: /etc/netagent/netagent.toml when it exists.", valueName: "file"),
        transform: absolutePath)
    var config: String?

    @Option(
        name: .customLong("module-path"),
        help: ArgumentHelp(
            "Search this directory for modules before all others (repeatable).", valueName: "dir"), transform: absolutePath)
    var modulePath: [String] = []

    @Option(
        help: ArgumentHelp(
            "Prefix every file and sysfs path with this directory, like rpm --root; links in the tree resolve inside it.", valueName: "dir")
    )
    var root: String?

    @Option(
        name: .customLong("state-dir"),
        help: ArgumentHelp(
            "Where the journal, baselines and lock live.", discussion: "Default: /var/lib/netagent.", valueName: "dir"),
        transform: absolutePath)
    var stateDir: String = StateDirectory.defaultPath

    @Option(
        name: .customLong("cache-dir"),
        help: ArgumentHelp(
            "Where what module files said of themselves is kept, so unchanged modules are not inspected again.",
            discussion: "Default: /var/cache/netagent. Only a cache: it may be deleted at any time.", valueName: "dir"),
        transform: absolutePath)
    var cacheDir: String = ModuleCatalogCache.defaultDirectory

    @Flag(name: .shortAndLong, help: "Log each step (module, knob, transaction) to standard error.")
    var verbose = false

    /// Refuses, before anything else is read or loaded, a command that changes system settings
    /// when not run as root, unless both the files and the state live in a test tree.
    func requireRootToChangeSettings() throws {
        guard geteuid() != 0, root == nil || stateDir == StateDirectory.defaultPath else { return }
        throw NetAgentError(
            "netagent must run as root to change system settings (or use --root DIR and --state-dir DIR for a test tree)")
    }
}
