import Foundation
import Glibc
import Testing

/// The limits tuner under `--root`: sysctls raised only, drop-ins created and removed exactly.
@Suite struct LimitsTunerTests {
    /// /etc/security/limits.d with a file of the admin's, /etc/systemd without system.conf.d.
    func tree(fileMax: String = "1000000", nrOpen: String = "1048576") throws -> TemporaryDirectory {
        let tree = try TemporaryDirectory()
        try tree.write("proc/sys/fs/file-max", fileMax + "\n")
        try tree.write("proc/sys/fs/nr_open", nrOpen + "\n")
        try tree.write("etc/security/limits.d/10-admin.conf", "@audio - rtprio 95\n")
        try tree.write("etc/systemd/system.conf", "[Manager]\n")
        return tree
    }

    func netagent(_ arguments: [String], _ tree: TemporaryDirectory, _ state: TemporaryDirectory) throws -> CommandResult {
        try Command.netagent(arguments + ["--enable", "limits", "--root", tree.path, "--state-dir", state.path])
    }

    @Test func runWritesBothDropInsAndRollbackLeavesTheTreeByteIdentical() throws {
        let root = try tree()
        let before = try root.snapshot()
        let state = try TemporaryDirectory()
        let run = try netagent(["run", "--profile", "aggressive"], root, state)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(root.read("etc/security/limits.d/90-netagent.conf")?.contains("*    hard nofile 1048576\n") == true)
        #expect(root.read("etc/systemd/system.conf.d/90-netagent.conf")?.hasSuffix("[Manager]\nDefaultLimitNOFILE=1048576\n") == true)
        #expect(root.read("proc/sys/fs/file-max") == "4194304\n")
        #expect(root.read("etc/security/limits.d/10-admin.conf") == "@audio - rtprio 95\n")
        #expect(try netagent(["status", "--profile", "aggressive"], root, state).status == 0)

        #expect(try Command.netagent(["rollback", "--root", root.path, "--state-dir", state.path]).status == 0)
        #expect(try root.snapshot() == before, "drop-ins removed, system.conf.d removed, sysctls restored")
    }

    @Test func temporaryFilesACrashLeftAreRemovedByRollbackEvenInADirectoryTheTransactionCreated() throws {
        let root = try tree()
        let before = try root.snapshot()
        let state = try TemporaryDirectory()
        #expect(try netagent(["run", "--profile", "aggressive"], root, state).status == 0)
        // What a crash between writing a drop-in's temporary file and renaming it leaves.
        try root.write("etc/systemd/system.conf.d/.90-netagent.conf.netagent-tmp", "[Manager]\n")
        try root.write("etc/security/limits.d/.90-netagent.conf.netagent-tmp", "* soft nofile\n")
        let rollback = try Command.netagent(["rollback", "--root", root.path, "--state-dir", state.path])
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(try root.snapshot() == before)
    }

    @Test func aChangedDropInIsRestoredByteForByteWithItsModeAndOwner() throws {
        let root = try tree()
        try root.write("etc/security/limits.d/90-netagent.conf", "# the admin's own version\n* soft nofile 4096\n")
        chmod(root.path + "/etc/security/limits.d/90-netagent.conf", 0o640)
        chown(root.path + "/etc/security/limits.d/90-netagent.conf", 1000, 1000)
        let before = try root.snapshot()
        let state = try TemporaryDirectory()
        #expect(try netagent(["run"], root, state).status == 0)
        let during = try root.snapshot()
        #expect(during["etc/security/limits.d/90-netagent.conf"]?.hasPrefix("mode 100640 owner 1000:1000") == true)
        #expect(try Command.netagent(["rollback", "--root", root.path, "--state-dir", state.path]).status == 0)
        #expect(try root.snapshot() == before)
    }

    @Test func kernelMaximaAreRaisedButNeverLowered() throws {
        let root = try tree(fileMax: "9223372036854775807", nrOpen: "1048576")
        let plan = try Command.netagent([
            "run", "--dry-run", "--enable", "limits", "--profile", "conservative", "--root", root.path, "--json",
        ])
        let knobs = try #require(try plan.json()["knobs"] as? [[String: Any]])
        let fileMax = knobs.first { $0["key"] as? String == "sysctl:fs.file-max" }
        #expect(fileMax?["desired"] as? String == "9223372036854775807")
        #expect(fileMax?["action"] as? String == "unchanged")
    }

    @Test func nofileFromTheConfigRaisesNrOpenToMatch() throws {
        let root = try tree()
        let state = try TemporaryDirectory()
        try state.write("netagent.toml", "[limits]\nnofile = 2097152\n")
        let run = try netagent(["run", "--config", state.path + "/netagent.toml"], root, state)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(root.read("proc/sys/fs/nr_open") == "2097152\n")
        #expect(root.read("etc/systemd/system.conf.d/90-netagent.conf")?.contains("DefaultLimitNOFILE=2097152") == true)
    }

    @Test func anOutOfRangeNofileIsAnErrorNamingTheKey() throws {
        let root = try tree()
        let state = try TemporaryDirectory()
        try state.write("netagent.toml", "[limits]\nnofile = 10\n")
        let run = try netagent(["run", "--config", state.path + "/netagent.toml"], root, state)
        #expect(run.status == 1)
        #expect(run.stderr.contains("nofile = 10"))
        #expect(root.read("proc/sys/fs/file-max") == "1000000\n")
    }

    @Test func withoutPAMOrSystemdTheirDropInsAreUnsupported() throws {
        let root = try TemporaryDirectory()
        try root.write("proc/sys/fs/file-max", "1000000\n")
        try root.write("proc/sys/fs/nr_open", "1048576\n")
        let plan = try Command.netagent(["run", "--dry-run", "--enable", "limits", "--root", root.path, "--json"])
        let knobs = try #require(try plan.json()["knobs"] as? [[String: Any]])
        let reasons = knobs.compactMap { $0["reason"] as? String }
        #expect(reasons.contains("/etc/security does not exist on this host"))
        #expect(reasons.contains("/etc/systemd does not exist on this host"))
    }
}
