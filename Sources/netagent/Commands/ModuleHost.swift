import ArgumentParser
import Logging
import NetAgentCore

/// `netagent module-host`: the helper process module code runs in apart from netagent, to read
/// what module files say of themselves (`--inspect`) or to run one probe. Not for people;
/// hidden from help.
struct ModuleHost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "module-host",
        abstract: "Inspect module files, or run one probe module, for a netagent process (internal).",
        shouldDisplay: false)

    @Flag(help: "Print one JSON record per module file given, in order.")
    var inspect = false

    @Option var module: String?
    @Option var name: String?
    @Option var root: String?
    @Option(name: .customLong("timeout-ms")) var timeoutMS: Int?
    @Flag(help: "Keep running: answer one request line per line of standard input.") var serve = false
    @Flag(help: "Write the probe's progress reports as lines before the answer.") var progress = false

    @Argument(help: "With --inspect: the module files.")
    var files: [String] = []

    func validate() throws {
        if inspect != (module == nil) { throw ValidationError("give either --inspect FILE... or --module") }
        if !inspect && (name == nil || root == nil || (timeoutMS == nil) == !serve) {
            throw ValidationError("--module needs --name, --root and either --timeout-ms or --serve")
        }
    }

    /// Loads the module file the options name, checking its name.
    private func load() throws -> LoadedModule {
        try ModuleLoader.load(path: module!, expectedName: name!)
    }

    func run() throws {
        let answer = HelperServer.reserveStandardOutput()
        if inspect { return HelperServer.serveInspection(of: files, inspecting: ModuleLoader.inspect, answeringTo: answer) }
        var logger = Logger(label: "netagent") { OneLineLogHandler(wrapping: StreamLogHandler.standardError(label: $0)) }
        logger.logLevel = .warning
        if serve {
            return HelperServer.serveRequests(loading: load, root: root!, logger: logger, answeringTo: answer)
        }
        let result = HelperServer.serve(
            loading: load, root: root!, timeoutMS: timeoutMS!, logger: logger,
            progressTo: progress ? answer : nil)
        HelperServer.answer(result, to: answer)
    }
}
