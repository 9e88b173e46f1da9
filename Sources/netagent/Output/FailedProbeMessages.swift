import NetAgentCore

/// One error line on standard error per probe that failed, as the table's FAILED rows say briefly.
enum FailedProbeMessages {
    static func print(_ failures: [FailedProbe]) {
        for failure in failures {
            Output.error(failure.error, exitCode: ExitStatus.failure.rawValue, json: false)
        }
    }
}
