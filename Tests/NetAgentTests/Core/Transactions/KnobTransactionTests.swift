import Foundation
import Glibc
import Testing

/// Transactions through the built `netagent` on a `--root` tree of fake sysctl files.
@Suite struct KnobTransactionTests {
    static let congestion = "net.ipv4.tcp_congestion_control"
    static let qdisc = "net.core.default_qdisc"

    func bbrTree() throws -> SysctlTree {
        try SysctlTree([
            Self.congestion: "cubic",
            "net.ipv4.tcp_available_congestion_control": "reno cubic bbr",
            Self.qdisc: "pfifo_fast",
        ])
    }

    func netagent(_ arguments: [String], tree: SysctlTree, state: TemporaryDirectory) throws -> CommandResult {
        try Command.netagent(arguments + ["--enable", "bbr", "--root", tree.root, "--state-dir", state.path])
    }

    @Test func aRunUnderRootWritesTheTreeAndRollbackRestoresIt() throws {
        let tree = try bbrTree()
        let state = try TemporaryDirectory()
        let run = try netagent(["run"], tree: tree, state: state)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(tree.value(Self.congestion) == "bbr")
        #expect(tree.value(Self.qdisc) == "fq")
        let rollback = try Command.netagent(["rollback", "1", "--root", tree.root, "--state-dir", state.path])
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(tree.value(Self.congestion) == "cubic")
        #expect(tree.value(Self.qdisc) == "pfifo_fast")
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "needs root for chattr +i"))
    func aWriteThatFailsMidwayRestoresWhatWasAlreadyWritten() throws {
        let tree = try bbrTree()
        let state = try TemporaryDirectory()
        try tree.makeImmutable(Self.qdisc)
        let run = try netagent(["run"], tree: tree, state: state)
        #expect(run.status == 1)
        #expect(run.stderr.contains("default_qdisc"))
        #expect(run.stderr.contains("every knob it had written was restored"))
        #expect(tree.value(Self.congestion) == "cubic", "the first knob was written, then restored")
        let journal = try String(contentsOfFile: state.path + "/journal/1.json", encoding: .utf8)
        #expect(journal.contains("\"state\" : \"restored\""))
    }

    @Test func aTransactionLeftOpenByACrashIsReportedRefusedAndRolledBack() throws {
        let tree = try bbrTree()
        let state = try TemporaryDirectory()
        try tree.set(Self.congestion, "bbr")
        try state.write(
            "journal/1.json",
            """
            {"id": 1, "state": "open", "created": "2026-01-01T00:00:00Z", "hostname": "h", "profile": "moderate",
             "root": "\(tree.root)",
             "changes": [{"module": "bbr", "key": "sysctl:\(Self.congestion)", "before": "cubic", "after": "bbr"},
                         {"module": "bbr", "key": "sysctl:\(Self.qdisc)", "before": "pfifo_fast", "after": "fq"}]}
            """)

        let status = try netagent(["status"], tree: tree, state: state)
        #expect(status.stderr.contains("transaction 1 was left unfinished"))
        #expect(status.stderr.contains("netagent rollback 1"))

        let run = try netagent(["run"], tree: tree, state: state)
        #expect(run.status == 1)
        #expect(run.stderr.contains("roll it back"))
        #expect(tree.value(Self.qdisc) == "pfifo_fast", "nothing applied while a transaction is unfinished")

        let rollback = try Command.netagent(["rollback", "--root", tree.root, "--state-dir", state.path])
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(tree.value(Self.congestion) == "cubic")
        let journal = try String(contentsOfFile: state.path + "/journal/1.json", encoding: .utf8)
        #expect(journal.contains("\"state\" : \"rolled-back\""))
    }

    @Test func aKnobThatCannotBeReadWhileRestoringIsWrittenBackAnyway() throws {
        let tree = try SysctlTree(["net.ipv4.icmp_echo_ignore_all": "0"])
        let state = try TemporaryDirectory()
        try FixtureModule.buildTuner("echo-off.so", in: state.path, defines: ["UNREADABLE_WHEN_SET"])
        let run = try Command.netagent([
            "run", "--enable", "echo-off", "--no-probe", "--module-path", state.path,
            "--root", tree.root, "--state-dir", state.path + "/state",
        ])
        // The read-back after writing fails, and so does the read before restoring: restored all the same.
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("every knob it had written was restored"), "\(run.stderr)")
        #expect(tree.value("net.ipv4.icmp_echo_ignore_all") == "0")
    }

    @Test func aSecondRunWaitsForNoOneAndNamesTheLockItFoundHeld() throws {
        let tree = try bbrTree()
        let state = try TemporaryDirectory()
        let fd = open(state.path + "/lock", O_RDWR | O_CREAT, 0o600)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let run = try netagent(["run"], tree: tree, state: state)
        #expect(run.status == 1)
        #expect(run.stderr.contains(state.path + "/lock is held by another netagent"))
        #expect(tree.value(Self.congestion) == "cubic")
    }

    @Test func rollingBackTwiceSaysThereIsNothingLeft() throws {
        let tree = try bbrTree()
        let state = try TemporaryDirectory()
        #expect(try netagent(["run"], tree: tree, state: state).status == 0)
        #expect(try Command.netagent(["rollback", "1", "--root", tree.root, "--state-dir", state.path]).status == 0)
        let again = try Command.netagent(["rollback", "1", "--root", tree.root, "--state-dir", state.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("transaction 1 is rolled-back; there is nothing to roll back"))
    }

    @Test func aRunWithNothingToChangeWritesNoJournalEntry() throws {
        let tree = try bbrTree()
        let state = try TemporaryDirectory()
        try tree.set(Self.congestion, "bbr")
        try tree.set(Self.qdisc, "fq")
        let run = try netagent(["run", "--json"], tree: tree, state: state)
        #expect(run.status == 0)
        #expect(try run.json()["transaction"] == nil)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: state.path + "/journal")) ?? []).isEmpty)
    }

    @Test func bbrMissingFromTheKernelIsReportedUnsupportedNotFailed() throws {
        let tree = try bbrTree()
        let state = try TemporaryDirectory()
        try tree.set("net.ipv4.tcp_available_congestion_control", "reno cubic")
        let run = try netagent(["run", "--json"], tree: tree, state: state)
        #expect(run.status == 0, "\(run.stderr)")
        let knob = try #require((try run.json()["knobs"] as? [[String: Any]])?.first)
        #expect(knob["action"] as? String == "unsupported")
        #expect((knob["reason"] as? String)?.contains("modprobe tcp_bbr") == true)
        #expect(tree.value(Self.congestion) == "cubic")
    }

    @Test func readOnlyCommandsCreateNothingInTheStateDirectory() throws {
        let tree = try bbrTree()
        let parent = try TemporaryDirectory()
        let state = parent.path + "/state"
        let status = try Command.netagent(["status", "--enable", "bbr", "--root", tree.root, "--state-dir", state])
        #expect(status.status == 2, "cubic is not bbr: drifted")
        let plan = try Command.netagent(["run", "--dry-run", "--enable", "bbr", "--root", tree.root, "--state-dir", state])
        #expect(plan.status == 0)
        #expect(!FileManager.default.fileExists(atPath: state))
    }
}
