import ArgumentParser
import NetAgentCore

/// Runs a command body, turning every error into a message and the documented exit code.
func reportingFailures(json: Bool, _ body: () throws -> ExitStatus) throws {
    let code: ExitStatus
    do {
        code = try body()
    } catch let error as NetAgentError {
        Output.error(error.message, exitCode: error.exitCode.rawValue, json: json)
        code = error.exitCode
    } catch let error as TransactionFailed {
        Output.error(error.description, exitCode: exitCode(of: error).rawValue, json: json)
        code = exitCode(of: error)
    } catch {
        Output.error("\(error)", exitCode: ExitStatus.failure.rawValue, json: json)
        code = .failure
    }
    if code != .success { throw ArgumentParser.ExitCode(code.rawValue) }
}

private func exitCode(of failure: TransactionFailed) -> ExitStatus {
    failure.entry.state == .restoreFailed ? .restoreFailed : .failure
}
