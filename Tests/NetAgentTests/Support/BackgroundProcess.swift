import Foundation
import Glibc

/// A server a test starts (in a network namespace, optionally) and stops: killed when dropped.
final class BackgroundProcess {
    private let process = Process()
    private let output = Pipe()

    /// Starts `arguments` (an absolute path first) in `namespace`, stdout kept, stderr discarded,
    /// and gives it `settleMS` to bind its sockets.
    init(_ arguments: [String], namespace: String? = nil, settleMS: UInt32 = 300) throws {
        let command = (namespace.map { ["/usr/sbin/ip", "netns", "exec", $0] } ?? []) + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(settleMS * 1000)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Sends SIGINT, waits, and returns the exit status and what it printed.
    func interrupt() -> (status: Int32, stdout: Data) {
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        return (process.terminationStatus, output.fileHandleForReading.readDataToEndOfFile())
    }
}
