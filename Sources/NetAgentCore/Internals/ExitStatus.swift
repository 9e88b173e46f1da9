/// The exit status of every `netagent` command (`ArgumentParser.ExitCode` carries it out).
public enum ExitStatus: Int32, Sendable {
    /// Everything asked for was done.
    case success = 0
    /// The command failed and changed nothing (a failed transaction was fully restored), or a probe failed.
    case failure = 1
    /// `status` found knobs that drifted from the desired values, or no probe target answered at all.
    case checkFailed = 2
    /// A transaction failed and restoring what it had written failed too: the system needs attention.
    case restoreFailed = 3
    /// The config file or a command-line value is invalid (a probe refused a malformed target or
    /// setting among them); nothing was applied.
    case invalidConfig = 4
    /// `run --measure --rollback-if-worse` found latency or loss significantly worse and rolled back.
    case rolledBackWorse = 5
    /// `run` applied its transaction, which stays in place, but a later step (a probe, the
    /// comparison, writing the report) failed; the message names the transaction.
    case appliedButFailed = 6
}

extension ExitStatus {
    /// The exit status `error` maps to: its own when it carries one, else `.failure`.
    public init(for error: Error) {
        self = (error as? ErrorWithExitStatus)?.exitStatus ?? .failure
    }
}

/// An error that says which exit status it ends a command with.
public protocol ErrorWithExitStatus: Error {
    var exitStatus: ExitStatus { get }
}

extension NetAgentError: ErrorWithExitStatus {
    public var exitStatus: ExitStatus { exitCode }
}
