import Foundation
import Glibc
import Testing

/// `netagent agent` run for real inside a network namespace: what it serves, what it tells
/// systemd, how it handles drift, SIGHUP and SIGTERM, and its journal.
@Suite(.enabled(if: TestEnvironment.isRoot, "needs root for network namespaces and raw ICMP sockets"))
struct AgentTests {
    /// icmp to loopback every second, three echoes each time, with the tcp tuner applied.
    static let probing = """
        enable = ["tcp", "icmp"]
        [icmp]
        targets = ["127.0.0.1"]
        count = 3
        interval_ms = 10
        probe_interval_s = 1
        """

    @Test func itServesMetricsAndHealthAndTellsSystemdReadyWatchdogAndStopping() throws {
        let namespace = try NetworkNamespace()
        let scratch = try TemporaryDirectory()
        let notify = try NotifySocket(in: scratch)
        let agent = try RunningAgent(
            config: Self.probing, in: namespace, environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000"],
            waitForHealth: false)
        let ready = notify.receive(until: "READY=1", timeoutMS: 15_000)
        #expect(ready.last?.contains("READY=1") == true, "\(ready) \(agent.process.stderr)")
        let watchdog = notify.receive(until: "WATCHDOG=1", timeoutMS: 3_000)
        #expect(watchdog.last == "WATCHDOG=1", "\(watchdog)")
        try agent.waitUntilHealthy()

        let sent = "netagent_probe_sent_total{module=\"icmp\",target=\"127.0.0.1\"}"
        #expect(try agent.eventually(timeoutMS: 5_000) { try agent.metric(sent) ?? 0 >= 6 }, "two runs add up: the counter is cumulative")
        let metrics = try agent.get("/metrics")
        #expect(
            metrics.status == 200 && metrics.headers.lowercased().contains("content-type: text/plain; version=0.0.4"), "\(metrics.headers)")
        #expect(metrics.body.contains("netagent_knob_drifted{module=\"tcp\",knob=\"sysctl:net.ipv4.tcp_sack\"}"))
        #expect(metrics.body.contains("netagent_module_info{name=\"icmp\",kind=\"probe\""))
        #expect(metrics.body.contains("netagent_transactions_total{outcome=\"applied\"} 1"))
        let families = metrics.body.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { String($0.split(separator: " ")[2]) }
        #expect(families == families.sorted(), "families come in a stable, sorted order")
        let file = scratch.path + "/metrics.prom"
        try metrics.body.write(toFile: file, atomically: true, encoding: .utf8)
        let promtool = try Command.run(["promtool", "check", "metrics"], input: file)
        #expect(promtool.status == 0, "promtool check metrics: \(promtool.stdout) \(promtool.stderr)")

        let openMetrics = try agent.get("/metrics", accept: "application/openmetrics-text;version=1.0.0,text/plain;q=0.5")
        #expect(openMetrics.headers.lowercased().contains("content-type: application/openmetrics-text; version=1.0.0"))
        #expect(openMetrics.body.hasSuffix("\n# EOF\n"), "\(openMetrics.body.suffix(40))")
        #expect(openMetrics.body.contains("# TYPE netagent_probe_sent counter\n"))
        let health = try agent.get("/healthz")
        #expect(health.status == 200 && health.body == "ok\n")

        // The watchdog pings queued up unread meanwhile (the agent drops what a full queue
        // refuses, never waits): read them, so STOPPING=1 finds room.
        while notify.receive(timeoutMS: 0) != nil {}
        agent.process.send(SIGTERM)
        #expect(agent.process.waitForExit(timeoutMS: 2_000) == 0, "\(agent.process.stderr)")
        let stopping = notify.receive(until: "STOPPING=1", timeoutMS: 1_000)
        #expect(stopping.last?.contains("STOPPING=1") == true, "\(stopping)")
    }

    /// The journal's entry files, sorted by id.
    static func journal(_ agent: RunningAgent) -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: agent.directory.path + "/state/journal")) ?? []
        return names.compactMap { Int($0.replacingOccurrences(of: ".json", with: "")) }.sorted()
    }

    // A new namespace starts with the init namespace's congestion control, which may be bbr
    // already: so these tests count the journal entries rather than expect a given one.

    @Test func probeHelpersStayUpBetweenRunsAndACrashingProbeFailsAloneRunAfterRun() throws {
        let namespace = try NetworkNamespace()
        let modules = try TemporaryDirectory()
        try FixtureModule.build("bad.so", in: modules.path, defines: ["FIXTURE_NAME=\"bad\"", "FIXTURE_RUN=1"])
        let config = """
            enable = ["icmp", "bad"]
            [icmp]
            targets = ["127.0.0.1"]
            count = 2
            interval_ms = 1
            probe_interval_s = 0.2
            [bad]
            targets = ["fixture-target"]
            count = 1
            probe_interval_s = 0.2
            """
        let agent = try RunningAgent(config: config, in: namespace, arguments: ["--module-path", modules.path])
        let sent = "netagent_probe_sent_total{module=\"icmp\",target=\"127.0.0.1\"}"
        #expect(try agent.eventually(timeoutMS: 5_000) { try agent.metric(sent) ?? 0 >= 6 })
        /// The agent's helper for icmp.
        func icmpHelpers() -> [pid_t] {
            ProcessTable.children(of: agent.process.pid).filter { ProcessTable.commandLine($0).contains("--name icmp --root / --serve") }
        }
        let first = icmpHelpers()
        #expect(first.count == 1, "one helper serves every icmp run")
        let before = try agent.metric(sent) ?? 0
        #expect(try agent.eventually(timeoutMS: 5_000) { try agent.metric(sent) ?? 0 >= before + 10 })
        #expect(icmpHelpers() == first, "the same process, run after run")
        // bad's first run ends only after its crash's backtrace, which on a loaded machine can
        // take longer than the icmp runs above.
        #expect(try agent.eventually(timeoutMS: 10_000) { try agent.metric("netagent_probe_run_failed{module=\"bad\"}") == 1 })
        #expect(try agent.metric("netagent_probe_run_failed{module=\"icmp\"}") == 0)
        // Each run of bad starts a new helper, which crashes again (the Swift runtime's backtrace
        // of each crash takes a second or two, and several while other tests load both cores).
        let crash = "probe bad failed: probe bad crashed: its helper process died of SIGSEGV"
        #expect(
            agent.eventually(timeoutMS: 30_000) { agent.process.stderr.components(separatedBy: crash).count - 1 >= 2 },
            "\(agent.process.stderr.suffix(500))")
        agent.process.send(SIGTERM)
        #expect(agent.process.waitForExit(timeoutMS: 2_000) == 0)
        for helper in first { #expect(kill(helper, 0) != 0, "helper \(helper) ended with the agent") }
    }

    @Test func driftIsReportedAndLeftAloneByDefault() throws {
        try CongestionControlAllowance.withBBR {
            let namespace = try NetworkNamespace()
            let agent = try RunningAgent(config: "enable = [\"bbr\"]\n[agent]\ndrift_check_s = 1\n", in: namespace)
            let drifted = "netagent_knob_drifted{module=\"bbr\",knob=\"sysctl:net.ipv4.tcp_congestion_control\"}"
            #expect(try agent.eventually(timeoutMS: 3_000) { try agent.metric(drifted) == 0 })
            let entries = Self.journal(agent)
            try namespace.setSysctl("net.ipv4.tcp_congestion_control", "cubic")
            #expect(try agent.eventually(timeoutMS: 3_000) { try agent.metric(drifted) == 1 }, "\(agent.process.stderr)")
            #expect(try namespace.sysctl("net.ipv4.tcp_congestion_control") == "cubic", "report changes nothing")
            #expect(agent.process.stderr.contains("drift: bbr sysctl:net.ipv4.tcp_congestion_control is cubic, the selection wants bbr"))
            #expect(Self.journal(agent) == entries, "no transaction")
        }
    }

    @Test func driftIsRestoredWithinACheckAndASecondInANewTransactionWithReapply() throws {
        try CongestionControlAllowance.withBBR {
            let namespace = try NetworkNamespace()
            let agent = try RunningAgent(
                config: "enable = [\"bbr\"]\n[agent]\ndrift_check_s = 1\non_drift = \"reapply\"\n", in: namespace)
            #expect(try namespace.sysctl("net.ipv4.tcp_congestion_control") == "bbr")
            let entries = Self.journal(agent)
            try namespace.setSysctl("net.ipv4.tcp_congestion_control", "cubic")
            #expect(
                try agent.eventually(timeoutMS: 2_000) { try namespace.sysctl("net.ipv4.tcp_congestion_control") == "bbr" },
                "restored within drift_check_s + 1 s: \(agent.process.stderr)")
            let after = Self.journal(agent)
            #expect(after.count == entries.count + 1, "one new transaction: \(entries) then \(after)")
            let entry = try #require(after.last.flatMap { agent.directory.read("state/journal/\($0).json") })
            #expect(entry.contains("\"state\" : \"applied\"") && entry.contains("tcp_congestion_control"))
            #expect(agent.process.stderr.contains("drift: applied transaction \(after.last ?? 0)"))
        }
    }

    @Test func sighupReloadsTheTargetsAndAnInvalidConfigKeepsTheOldOne() throws {
        let namespace = try NetworkNamespace()
        let agent = try RunningAgent(config: Self.probing, in: namespace)
        let old = "netagent_probe_sent_total{module=\"icmp\",target=\"127.0.0.1\"}"
        let new = "netagent_probe_sent_total{module=\"icmp\",target=\"127.0.0.2\"}"
        #expect(try agent.eventually(timeoutMS: 5_000) { try agent.metric(old) != nil })
        let config = agent.directory.path + "/netagent.toml"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "127.0.0.1\"]", with: "127.0.0.2\"]").write(toFile: config, atomically: true, encoding: .utf8)
        agent.process.send(SIGHUP)
        #expect(
            try agent.eventually(timeoutMS: 5_000) { try agent.metric(new) != nil && agent.metric(old) == nil }, "\(agent.process.stderr)")

        try (text + "\n[icmp\n").write(toFile: config, atomically: true, encoding: .utf8)
        agent.process.send(SIGHUP)
        #expect(
            try agent.eventually(timeoutMS: 3_000) { agent.process.stderr.contains("keeping the previous config") },
            "\(agent.process.stderr)")
        let lines = try String(contentsOfFile: config, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(agent.process.stderr.contains("netagent.toml:\(lines - 1):"), "the error names the file and line: \(agent.process.stderr)")
        #expect(agent.process.isRunning)
        let before = try agent.metric(new) ?? 0
        #expect(try agent.eventually(timeoutMS: 3_000) { try agent.metric(new) ?? 0 > before }, "it goes on probing 127.0.0.2")
    }

    @Test func sigtermStopsWithinTwoSecondsKillingProbeHelpersAndOnStopRollbackRestoresTheTuning() throws {
        let namespace = try NetworkNamespace()
        let original = try namespace.sysctl("net.ipv4.tcp_slow_start_after_idle")
        let config = """
            enable = ["tcp", "icmp"]
            [icmp]
            targets = ["127.0.0.1"]
            count = 2000
            interval_ms = 10
            probe_interval_s = 1
            [agent]
            on_stop = "rollback"
            """
        let agent = try RunningAgent(config: config, in: namespace)
        #expect(try namespace.sysctl("net.ipv4.tcp_slow_start_after_idle") == "0")
        var helpers: [pid_t] = []
        _ = agent.eventually(timeoutMS: 5_000) {
            helpers = ProcessTable.children(of: agent.process.pid).filter { ProcessTable.commandLine($0).contains("module-host") }
            return !helpers.isEmpty
        }
        #expect(!helpers.isEmpty, "a 20-second probe run is in flight")
        let start = Date()
        agent.process.send(SIGTERM)
        let status = agent.process.waitForExit(timeoutMS: 2_000)
        #expect(status == 0, "exits 0 within 2 s (took \(Date().timeIntervalSince(start)) s): \(agent.process.stderr)")
        for helper in helpers {
            #expect(kill(helper, 0) != 0 && errno == ESRCH, "helper \(helper) is gone")
        }
        #expect(try namespace.sysctl("net.ipv4.tcp_slow_start_after_idle") == original, "on_stop = rollback restored it")
        #expect(agent.process.stderr.contains("stop: rolled back transaction 1"))
    }

    @Test func underJournaldEachLineCarriesItsPriority() throws {
        let namespace = try NetworkNamespace()
        let agent = try RunningAgent(config: "enable = [\"tcp\"]\n", in: namespace, environment: ["JOURNAL_STREAM": "8:1234"])
        agent.process.send(SIGTERM)
        _ = agent.process.waitForExit(timeoutMS: 2_000)
        let lines = agent.process.stderr.split(separator: "\n")
        #expect(lines.contains("<5>start: applied transaction 1, 4 knob(s) changed"), "\(lines)")
        #expect(lines.allSatisfy { $0.hasPrefix("<") }, "\(lines)")
    }

    @Test func startPrunesTheJournalToJournalKeepSparingWhatCanBeUndone() throws {
        let namespace = try NetworkNamespace()
        let directory = try TemporaryDirectory()
        let state = directory.path + "/state"
        // Three transactions applied and rolled back (1 to 3), then the agent's start applies 4.
        for _ in 0..<3 {
            _ = try Command.netagent(["run", "--no-probe", "--enable", "tcp", "--state-dir", state], namespace: namespace.name)
            _ = try Command.netagent(["rollback", "--state-dir", state], namespace: namespace.name)
        }
        let agent = try RunningAgent(config: "enable = [\"tcp\"]\n[agent]\njournal_keep = 2\n", in: namespace, directory: directory)
        agent.process.send(SIGTERM)
        _ = agent.process.waitForExit(timeoutMS: 2_000)
        let journal = try FileManager.default.contentsOfDirectory(atPath: state + "/journal").sorted()
        #expect(journal == ["3.json", "4.json"], "1 and 2 were rolled back and older than the newest 2: \(journal)")
        #expect(agent.process.stderr.contains("start: pruned journal entries 1, 2"), "\(agent.process.stderr)")
    }

    @Test func anInvalidAgentTableIsRefusedNamingTheKeyWithNothingApplied() throws {
        let namespace = try NetworkNamespace()
        let agent = try RunningAgent(config: "enable = [\"tcp\"]\n[agent]\non_drift = \"fix\"\n", in: namespace, waitForHealth: false)
        #expect(agent.process.waitForExit(timeoutMS: 10_000) == 4)
        #expect(agent.process.stderr.contains("[agent] on_drift must be \"report\" or \"reapply\""), "\(agent.process.stderr)")
        #expect(try namespace.sysctl("net.ipv4.tcp_slow_start_after_idle") == "1")
    }
}
