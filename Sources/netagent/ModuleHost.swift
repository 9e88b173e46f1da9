import ArgumentParser
import Logging
import NetAgentCore

/// `netagent module-host`: the helper process a probe runs in. Not for people; hidden from help.
struct ModuleHost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "module-host",
        abstract: "Run one probe module for a netagent process (internal).",
        shouldDisplay: false)

    @Option var module: String
    @Option var name: String
    @Option var root: String
    @Option(name: .customLong("timeout-ms")) var timeoutMS: Int

    func run() throws {
        var logger = Logger(label: "netagent") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let envelope = ModuleHostProcess.serve(modulePath: module, expectedName: name, root: root, timeoutMS: timeoutMS, logger: logger)
        Output.json(envelope)
    }
}
