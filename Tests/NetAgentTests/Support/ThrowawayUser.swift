import Foundation

/// A system user made for one test with `useradd` and removed with `userdel` when the test is
/// done: the unprivileged attacker of the trust tests.
final class ThrowawayUser {
    let name: String
    let uid: uid_t
    let gid: gid_t

    init() throws {
        name = "na\(getpid() % 100_000)x\(UInt32.random(in: 0...99_999))"
        try Command.check(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name])
        guard let entry = getpwnam(name) else { throw TestFailure("useradd made no user \(name)") }
        uid = entry.pointee.pw_uid
        gid = entry.pointee.pw_gid
    }

    deinit { _ = try? Command.run(["userdel", name]) }

    /// Runs `arguments` as this user and waits for it.
    func run(_ arguments: [String]) throws -> CommandResult {
        try Command.run(["setpriv", "--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", "--"] + arguments)
    }

    /// A process started as this user (setpriv, no supplementary groups), not waited for.
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", "--"] + arguments
        process.standardOutput = Pipe()
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
