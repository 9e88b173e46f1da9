import ArgumentParser
import Glibc
import NetAgentCore

/// `--enable`, `--disable`, `--profile` and `--host`: how the command line adjusts the config's selection.
struct SelectionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Use only these modules (comma-separated), replacing the config's enable list.", valueName: "names"),
        completion: ModuleNameCompletion.list)
    var enable: String?

    @Option(help: ArgumentHelp("Never use these modules (comma-separated).", valueName: "names"), completion: ModuleNameCompletion.list)
    var disable: String?

    @Option(help: ArgumentHelp("aggressive, moderate (default) or conservative.", valueName: "profile"))
    var profile: String?

    @Option(
        help: ArgumentHelp(
            "Select as if this machine were called NAME, to preview a [host.\"glob\"] section.", valueName: "name"))
    var host: String?
}
