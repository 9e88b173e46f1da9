import ArgumentParser
import Glibc
import NetAgentCore

/// `path` made absolute against the working directory, as an administrator means a relative
/// path on the command line (`--state-dir state` is `./state`, not `/state`).
func absolutePath(_ path: String) -> String {
    guard !path.hasPrefix("/"), let directory = getcwd(nil, 0) else { return path }
    defer { free(directory) }
    let base = String(cString: directory)
    return (base == "/" ? "" : base) + "/" + path
}

/// The options every command takes.
struct GlobalOptions: ParsableArguments {
    @Flag(help: "Print one JSON object (schema in docs/json.md) instead of a table.")
    var json = false

    @Option(help: ArgumentHelp("Config file (TOML).", discussion: "Default: /etc/netagent/netagent.toml when it exists.", valueName: "file"),
            transform: absolutePath)
    var config: String?

    @Option(name: .customLong("module-path"), help: ArgumentHelp(
        "Search this directory for modules before all others (repeatable).", valueName: "dir"), transform: absolutePath)
    var modulePath: [String] = []

    @Option(help: ArgumentHelp(
        "Prefix every file and sysfs path with this directory, like rpm --root.", valueName: "dir"))
    var root: String?

    @Option(name: .customLong("state-dir"), help: ArgumentHelp(
        "Where the journal, baselines and lock live.", discussion: "Default: /var/lib/netagent.", valueName: "dir"),
            transform: absolutePath)
    var stateDir: String = StateDirectory.defaultPath

    @Flag(name: .shortAndLong, help: "Log each step (module, knob, transaction) to standard error.")
    var verbose = false
}

/// `--enable`, `--disable`, `--profile` and `--host`: how the command line adjusts the config's selection.
struct SelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Use only these modules (comma-separated), replacing the config's enable list.", valueName: "names"))
    var enable: String?

    @Option(help: ArgumentHelp("Never use these modules (comma-separated).", valueName: "names"))
    var disable: String?

    @Option(help: ArgumentHelp("aggressive, moderate (default) or conservative.", valueName: "profile"))
    var profile: String?

    @Option(help: ArgumentHelp(
        "Select as if this machine were called NAME, to preview a [host.\"glob\"] section.", valueName: "name"))
    var host: String?
}
