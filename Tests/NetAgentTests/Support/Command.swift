import Foundation

/// A finished subprocess: exit status and everything it printed.
struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Standard output parsed as a JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] else {
            throw TestFailure("stdout is not a JSON object: \(stdout)")
        }
        return object
    }
}

/// Runs programs for tests, never through a shell.
enum Command {
    /// Runs `arguments[0]` (a path, or a name looked up in PATH) and waits for it, in
    /// `directory` when given, reading the file `input` as its standard input (else /dev/null).
    @discardableResult
    static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil, input: String? = nil
    ) throws -> CommandResult {
        let process = Process()
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        process.environment = merged
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let input {
            guard let file = FileHandle(forReadingAtPath: input) else { throw TestFailure("cannot read \(input)") }
            process.standardInput = file
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs and throws unless it exits 0.
    @discardableResult
    static func check(_ arguments: [String]) throws -> CommandResult {
        let result = try run(arguments)
        guard result.status == 0 else {
            throw TestFailure("\(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result
    }

    /// Runs the built `netagent` with `arguments`, inside network namespace `namespace` when given.
    @discardableResult
    static func netagent(_ arguments: [String], namespace: String? = nil, environment: [String: String] = [:]) throws -> CommandResult {
        let prefix = namespace.map { ["ip", "netns", "exec", $0] } ?? []
        return try run(prefix + [TestEnvironment.netagent] + arguments, environment: environment)
    }
}

/// A test precondition that did not hold.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
