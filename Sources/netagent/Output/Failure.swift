import ArgumentParser
import NetAgentCore

/// Runs a command body, turning every error into a message and the documented exit status
/// (`ExitStatus(for:)` maps errors to statuses), and carrying the status out.
func reportingFailures(json: Bool, _ body: () throws -> ExitStatus) throws {
    let status: ExitStatus
    do {
        status = try body()
    } catch {
        status = ExitStatus(for: error)
        Output.error("\(error)", exitCode: status.rawValue, json: json)
    }
    if status != .success { throw ArgumentParser.ExitCode(status.rawValue) }
}
