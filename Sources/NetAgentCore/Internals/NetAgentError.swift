/// An error the user can act on: what failed, on which file, key or module, and what to do.
public struct NetAgentError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, in one or more sentences that name the file, key or module at fault.
    public let message: String
    /// The process exit code this error maps to.
    public let exitCode: ExitStatus

    public init(_ message: String, exitCode: ExitStatus = .failure) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }
}
