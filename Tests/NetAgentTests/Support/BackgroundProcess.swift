import Foundation
import Glibc

/// A server a test starts (in a network namespace, optionally) and stops: killed when dropped.
/// Its standard output and standard error go to files, read when the test asks.
final class BackgroundProcess {
    private let process = Process()
    private let directory: TemporaryDirectory

    /// Starts `arguments` (an absolute path first) in `namespace` with `environment` added to
    /// the test's, and gives it `settleMS` to bind its sockets.
    init(_ arguments: [String], namespace: String? = nil, environment: [String: String] = [:], settleMS: UInt32 = 300) throws {
        directory = try TemporaryDirectory()
        let command = (namespace.map { ["/usr/sbin/ip", "netns", "exec", $0] } ?? []) + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        FileManager.default.createFile(atPath: directory.path + "/stdout", contents: nil)
        FileManager.default.createFile(atPath: directory.path + "/stderr", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: directory.path + "/stdout")
        process.standardError = FileHandle(forWritingAtPath: directory.path + "/stderr")
        try process.run()
        usleep(settleMS * 1000)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Its process id (that of `ip netns exec`, which execs the command, so the same process).
    var pid: pid_t { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// What it printed so far.
    var stdout: String { (try? String(contentsOfFile: directory.path + "/stdout", encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: directory.path + "/stderr", encoding: .utf8)) ?? "" }

    /// Sends `signal`.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits up to `timeoutMS` for it to exit: its status, or nil when it is still running.
    func waitForExit(timeoutMS: Int) -> Int32? {
        let deadline = Date().addingTimeInterval(Double(timeoutMS) / 1000)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Sends SIGINT, waits, and returns the exit status and what it printed on stdout.
    func interrupt() -> (status: Int32, stdout: Data) {
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        return (process.terminationStatus, Data(stdout.utf8))
    }
}
