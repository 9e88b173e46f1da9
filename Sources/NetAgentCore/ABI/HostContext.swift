import Glibc
import Logging
import NetAgentSystem

/// What every module call shares in one command: the logger, the root prefix and the deadline.
public struct HostContext: Sendable {
    public let logger: Logger
    /// The filesystem root prefix: "/" or the `--root` directory, absolute, without a trailing slash.
    public let root: String
    /// The program started as `netagent module-host` to run module code apart: this one.
    public let helperPath: String
    /// Told how far each one-off probe run has got (`ProbeProgress`), for a progress line; nil
    /// asks the helpers for no progress at all.
    public var probeProgress: (@Sendable (ProbeProgress) -> Void)?

    /// Checks `root`: it must be an existing directory, given as an absolute path without `..`.
    public init(logger: Logger, root: String?, helperPath: String = RunningProgram.path()) throws {
        self.logger = logger
        self.helperPath = helperPath
        guard let root, root != "/" else {
            self.root = "/"
            return
        }
        guard root.hasPrefix("/"), !root.split(separator: "/").contains("..") else {
            throw NetAgentError("--root \(root): give an absolute path without \"..\"", exitCode: .invalidConfig)
        }
        var info = stat()
        guard stat(root, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw NetAgentError("--root \(root): not an existing directory", exitCode: .invalidConfig)
        }
        var trimmed = root
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    /// The services for one call into `module`, with an optional timeout in milliseconds.
    func services(for module: LoadedModule, timeoutMS: Int? = nil) -> HostServices {
        let deadline = timeoutMS.map { MonotonicClock.nanoseconds() + Int64($0) * 1_000_000 }
        return HostServices(logger: logger, module: module.name, root: root, deadlineNS: deadline)
    }
}
