import Foundation
import Glibc
import Testing

/// A run killed (SIGKILL) at any write, rename, fsync, unlink or mkdir (the `*at` calls files
/// are changed with, relative to a directory opened inside the root), then rolled back, leaves
/// every knob and file as it was, with no leftover files. strace kills the run at the Nth call of
/// one syscall, for N = 1, 2, ... until a run completes; after each, `rollback` must restore all.
@Suite(.enabled(if: TestEnvironment.isRoot, "needs root for strace's fault injection and network namespaces"))
struct CrashSafetyTests {
    static let syscalls = ["write", "rename,renameat", "fsync", "unlink,unlinkat", "mkdir,mkdirat"]

    /// Kills `run arguments` at each call of `syscall` in turn; after each, rolls back and calls
    /// `check`. Returns how many runs were killed.
    func killAtEveryCall(
        of syscall: String, run arguments: [String], rollback: [String], namespace: String?,
        check: (Int) throws -> Void
    ) throws -> Int {
        let prefix = namespace.map { ["ip", "netns", "exec", $0] } ?? []
        for call in 1...500 {
            let run = try Command.run(
                prefix + [
                    "strace", "-o", "/dev/null", "-e", "trace=\(syscall)",
                    "-e", "inject=\(syscall):signal=KILL:when=\(call)", TestEnvironment.netagent,
                ] + arguments)
            let undo = try Command.run(prefix + [TestEnvironment.netagent, "rollback"] + rollback)
            #expect(
                undo.status == 0 || undo.stderr.contains("no transaction to roll back"),
                "\(syscall) #\(call): rollback exited \(undo.status): \(undo.stderr)")
            try check(call)
            if run.status == 0 { return call - 1 }
            #expect(run.status == SIGKILL, "\(syscall) #\(call): the run ended with \(run.status): \(run.stderr)")
        }
        throw TestFailure("a run made more than 500 \(syscall) calls")
    }

    /// Files below `path` that a crash left: netagent's temporary files.
    func leftovers(below path: String) -> [String] {
        (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".netagent-tmp") }
    }

    @Test(arguments: syscalls)
    func aRunKilledAtAnyStepUnderARootTreeIsUndoneExactlyByRollback(syscall: String) throws {
        let tree = try TemporaryDirectory()
        try tree.write("proc/sys/fs/file-max", "1000000\n")
        try tree.write("proc/sys/fs/nr_open", "1048576\n")
        try tree.write("etc/security/limits.d/10-admin.conf", "@audio - rtprio 95\n")
        try tree.write("etc/systemd/system.conf", "[Manager]\n")
        let before = try tree.snapshot()
        let state = try TemporaryDirectory()
        let common = ["--root", tree.path, "--state-dir", state.path]
        let killed = try killAtEveryCall(
            of: syscall, run: ["run", "--enable", "limits", "--profile", "aggressive", "--persist", "--no-probe"] + common,
            rollback: common, namespace: nil
        ) { call in
            let after = try tree.snapshot()
            #expect(after == before, "\(syscall) #\(call): the tree differs after rollback")
            #expect(leftovers(below: state.path).isEmpty, "\(syscall) #\(call): \(leftovers(below: state.path))")
        }
        #expect(killed > 0, "no \(syscall) call was made: the test tested nothing")
    }

    @Test(arguments: syscalls)
    func aRunKilledAtAnyStepInANetworkNamespaceIsUndoneExactlyByRollback(syscall: String) throws {
        let namespace = try NetworkNamespace()
        let knobs = [
            "net.ipv4.tcp_fastopen", "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat",
            "net.ipv4.tcp_autocorking", "net.ipv4.tcp_sack",
        ]
        let before = try knobs.map { try namespace.sysctl($0) }
        let state = try TemporaryDirectory()
        let killed = try killAtEveryCall(
            of: syscall, run: ["run", "--enable", "tcp", "--profile", "aggressive", "--no-probe", "--state-dir", state.path],
            rollback: ["--state-dir", state.path], namespace: namespace.name
        ) { call in
            let after = try knobs.map { try namespace.sysctl($0) }
            #expect(after == before, "\(syscall) #\(call): a sysctl differs after rollback")
            #expect(leftovers(below: state.path).isEmpty, "\(syscall) #\(call): \(leftovers(below: state.path))")
        }
        #expect(killed > 0, "no \(syscall) call was made: the test tested nothing")
    }
}
