import Foundation
import Testing

/// The first mistakes anyone makes: relative paths, odd numbers, a damaged journal, a directory
/// given as the config. Each gets what an administrator expects, and a message naming the thing.
@Suite struct CarelessOperatorTests {
    @Test func relativeStateDirAndPrometheusPathsAreTakenFromTheWorkingDirectory() throws {
        let directory = try TemporaryDirectory()
        let tree = try SysctlTree(["net.ipv4.icmp_echo_ignore_all": "0"])
        try FixtureModule.buildTuner("echo-off.so", in: directory.path)
        try FixtureModule.build("probe.so", in: directory.path, defines: ["FIXTURE_NAME=\"answers\""])
        try directory.write("netagent.toml", "[answers]\ntargets = [\"fixture-target\"]\ncount = 1\n")
        let result = try Command.run(
            [
                TestEnvironment.netagent, "run", "--enable", "echo-off,answers", "--module-path", ".",
                "--config", "netagent.toml", "--root", tree.root, "--state-dir", "state",
                "--prometheus", "metrics.prom",
            ], in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.path + "/state/journal/1.json"))
        #expect(directory.read("metrics.prom")?.contains("probe_success") == true)
        #expect(tree.value("net.ipv4.icmp_echo_ignore_all") == "1")
    }

    @Test(arguments: ["nan", "5", "inf", "0", "-0.1"])
    func anAlphaThatIsNotAProbabilityIsAUsageError(alpha: String) throws {
        let result = try Command.netagent(["probe", "--alpha", alpha, "--enable", "tcpconnect", "--target", "127.0.0.1:9"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--alpha"), "\(result.stderr)")
    }

    @Test func aDirectoryGivenAsTheConfigIsNamedAndExitsFour() throws {
        let directory = try TemporaryDirectory()
        let result = try Command.netagent(["status", "--config", directory.path])
        #expect(result.status == 4)
        #expect(result.stderr.contains("\(directory.path): cannot read"), "\(result.stderr)")
    }

    /// An error naming text from outside keeps to its own line: a newline in it is indented, so a
    /// line cannot start with a journald priority, and an escape sequence is shown, not sent to
    /// the terminal. The JSON error keeps the text as it is. Failed on 15b0cee.
    @Test func anErrorNamingAPathWithANewlineAndAnEscapeCannotForgeALogLine() throws {
        let path = "/nonexistent\n<0>forged\u{1B}[31m"
        let result = try Command.netagent(["status", "--json", "--config", path])
        #expect(result.status == 4)
        #expect(result.stderr.hasPrefix("netagent: /nonexistent\n  <0>forged\\x1b[31m: no such config file"), "\(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(
            try result.json()["error"] as? String == path
                + ": no such config file (omit --config to use /etc/netagent/netagent.toml when it exists)")
    }

    /// A --root tree, the echo-off tuner, and a journal with one applied transaction.
    func appliedOnce() throws -> (tree: SysctlTree, directory: TemporaryDirectory, common: [String]) {
        let tree = try SysctlTree(["net.ipv4.icmp_echo_ignore_all": "0"])
        let directory = try TemporaryDirectory()
        try FixtureModule.buildTuner("echo-off.so", in: directory.path)
        let common = ["--module-path", directory.path, "--root", tree.root, "--state-dir", directory.path + "/state"]
        let run = try Command.netagent(["run", "--enable", "echo-off", "--no-probe"] + common)
        #expect(run.status == 0, "\(run.stderr)")
        return (tree, directory, common)
    }

    @Test func aDamagedOldJournalEntryIsReportedAndDoesNotBlockCommands() throws {
        let (tree, directory, common) = try appliedOnce()
        for command in [["rollback"], ["run", "--enable", "echo-off", "--no-probe"], ["rollback"]] {
            let result = try Command.netagent(command + common)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        try directory.write("state/journal/1.json", "{ damaged")
        for command in [
            ["status", "--enable", "echo-off"], ["rollback", "--list"], ["list-modules"], ["run", "--enable", "echo-off", "--dry-run"],
        ] {
            let result = try Command.netagent(command + common)
            #expect(result.status == 0 || command[0] == "status", "\(command): \(result.stderr)")
            #expect(result.stderr.contains("journal entry 1 is ignored"), "\(command): \(result.stderr)")
        }
        let run = try Command.netagent(["run", "--enable", "echo-off", "--no-probe"] + common)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("transaction 3"), "\(run.stdout)")
        #expect(tree.value("net.ipv4.icmp_echo_ignore_all") == "1")
    }

    @Test func runRefusesToApplyWhileTheNewestEntryIsDamagedAsItMayBeOpen() throws {
        let (tree, directory, common) = try appliedOnce()
        try directory.write("state/journal/1.json", "{ damaged")
        try tree.set("net.ipv4.icmp_echo_ignore_all", "0")
        let run = try Command.netagent(["run", "--enable", "echo-off", "--no-probe"] + common)
        #expect(run.status == 1)
        #expect(run.stderr.contains("journal entry 1 cannot be read and may be a transaction a crash left open"), "\(run.stderr)")
        #expect(tree.value("net.ipv4.icmp_echo_ignore_all") == "0")
    }

    @Test func aDryRunWarnsAboutATransactionACrashLeftOpen() throws {
        let (tree, directory, common) = try appliedOnce()
        defer { withExtendedLifetime(tree) {} }
        let entry = try #require(directory.read("state/journal/1.json"))
        try directory.write("state/journal/1.json", entry.replacingOccurrences(of: "\"applied\"", with: "\"open\""))
        let dryRun = try Command.netagent(["run", "--enable", "echo-off", "--dry-run"] + common)
        #expect(dryRun.status == 0)
        #expect(dryRun.stderr.contains("transaction 1 was left unfinished"), "\(dryRun.stderr)")
    }

    @Test(
        .enabled(if: TestEnvironment.isRoot, "needs root to make an unprivileged user"),
        arguments: [["run", "--enable", "bbr"], ["rollback"], ["rollback", "--all"], ["agent"], ["run", "--root", "/tmp/x"]])
    func changingSettingsWithoutRootSaysSoBeforeAnythingElse(command: [String]) throws {
        let user = try ThrowawayUser()
        let result = try user.run([try ReachableBuild.netagent] + command + ["--config", "/nonexistent.toml"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                == "netagent: netagent must run as root to change system settings (or use --root DIR and --state-dir DIR for a test tree)")
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "needs root to make an unprivileged user"))
    func aDryRunAndTheJournalListNeedNoRoot() throws {
        let user = try ThrowawayUser()
        let state = try TemporaryDirectory()
        #expect(try user.run([try ReachableBuild.netagent, "run", "--enable", "bbr", "--dry-run"]).status == 0)
        let list = try user.run([try ReachableBuild.netagent, "rollback", "--list", "--state-dir", state.path])
        #expect(list.status == 0, "\(list.stderr)")
    }

    /// A state directory with a journal, both mode 0700 and root's, as on any machine where root
    /// has run netagent.
    static func stateDirectoryOnlyRootCanRead() throws -> TemporaryDirectory {
        let state = try TemporaryDirectory()
        mkdir(state.path + "/journal", 0o700)
        chmod(state.path, 0o700)
        return state
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "needs root to make an unprivileged user"))
    func aDryRunByAUserWhoCannotReadRootsJournalWarnsAndShowsThePlan() throws {
        let user = try ThrowawayUser()
        let state = try Self.stateDirectoryOnlyRootCanRead()
        let plan = try user.run([try ReachableBuild.netagent, "run", "--enable", "bbr", "--dry-run", "--state-dir", state.path])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("net.ipv4.tcp_congestion_control"), "\(plan.stdout)")
        #expect(plan.stderr.contains("cannot list the journal") && plan.stderr.contains("are not shown"), "\(plan.stderr)")
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "needs root to make an unprivileged user"))
    func aStatusByAUserWhoCannotReadRootsJournalWarnsAndShowsTheKnobs() throws {
        let user = try ThrowawayUser()
        let state = try Self.stateDirectoryOnlyRootCanRead()
        let command = [try ReachableBuild.netagent, "status", "--enable", "bbr", "--state-dir", state.path]
        let table = try user.run(command)
        // 0 or 2: whether this machine's congestion control is bbr is not the point.
        #expect(table.status == 0 || table.status == 2, "\(table.stderr)")
        #expect(table.stdout.contains("sysctl:net.ipv4.tcp_congestion_control"), "\(table.stdout)")
        #expect(table.stderr.contains("cannot list the journal") && table.stderr.contains("are not shown"), "\(table.stderr)")
        // In JSON the unknown is left out, where root, who can read the journal, gets an empty list.
        let json = try user.run(command + ["--json"]).json()
        #expect(json["knobs"] != nil && json["unfinished_transactions"] == nil, "\(json)")
        let root = try Command.run(command + ["--json"]).json()
        #expect(root["unfinished_transactions"] as? [Int] == [], "\(root)")
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "needs root for a network namespace and an unprivileged user"))
    func aProbeWithoutItsPrivilegeNamesTheCapabilityItNeeds() throws {
        let user = try ThrowawayUser()
        let namespace = try NetworkNamespace()
        try namespace.setSysctl("net.ipv4.ping_group_range", "1 0")
        let result = try Command.run(
            ["ip", "netns", "exec", namespace.name, "setpriv", "--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups", "--"]
                + [try ReachableBuild.netagent, "probe", "--enable", "icmp", "--target", "127.0.0.1", "--count", "1"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("it needs CAP_NET_RAW (run as root), or a group in net.ipv4.ping_group_range"), "\(result.stderr)")
    }
}
