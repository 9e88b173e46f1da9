import Foundation
import Testing

/// The sysctl tuners (tcp, buffers, bbr) applied for real: what a network namespace lets a
/// namespace change inside one, and the host-wide `net.core.*` buffer limits under `--root`.
@Suite(.serialized)
struct SysctlTunersTests {
    static let namespaceSysctls = [
        "net.ipv4.tcp_fastopen", "net.ipv4.tcp_sack", "net.ipv4.tcp_slow_start_after_idle",
        "net.ipv4.tcp_notsent_lowat", "net.ipv4.tcp_autocorking", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
        "net.ipv4.tcp_congestion_control",
    ]

    func values(in namespace: NetworkNamespace) throws -> [String: String] {
        try Dictionary(uniqueKeysWithValues: Self.namespaceSysctls.map { ($0, try namespace.sysctl($0)) })
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "needs root to create network namespaces"))
    func inANamespaceTCPAndTCPBuffersApplyVerifyDriftAndRollBackExactly() throws {
        try CongestionControlAllowance.withBBR { try applyVerifyDriftAndRollBackInANamespace() }
    }

    private func applyVerifyDriftAndRollBackInANamespace() throws {
        let namespace = try NetworkNamespace()
        let state = try TemporaryDirectory()
        try namespace.setSysctl("net.ipv4.tcp_congestion_control", "reno")
        let before = try values(in: namespace)

        let run = try Command.netagent(
            [
                "run", "--enable", "tcp,buffers,bbr", "--profile", "aggressive",
                "--state-dir", state.path, "--json",
            ], namespace: namespace.name)
        #expect(run.status == 0, "\(run.stderr)")
        let after = try values(in: namespace)
        #expect(after["net.ipv4.tcp_fastopen"] == "3")
        #expect(after["net.ipv4.tcp_slow_start_after_idle"] == "0")
        #expect(after["net.ipv4.tcp_notsent_lowat"] == "16384")
        #expect(after["net.ipv4.tcp_autocorking"] == "0")
        #expect(after["net.ipv4.tcp_rmem"]?.split(whereSeparator: \.isWhitespace).prefix(2) == ["4096", "4096"])
        let knobs = try #require(try run.json()["knobs"] as? [[String: Any]])
        let unsupported = Set(knobs.filter { $0["action"] as? String == "unsupported" }.compactMap { $0["key"] as? String })
        #expect(
            unsupported.isSuperset(of: ["sysctl:net.core.rmem_max", "sysctl:net.core.wmem_default", "sysctl:net.ipv4.tcp_low_latency"]))

        let status = try Command.netagent(
            ["status", "--enable", "tcp,buffers,bbr", "--profile", "aggressive", "--state-dir", state.path],
            namespace: namespace.name)
        #expect(status.status == 0, "\(status.stdout)")

        try namespace.setSysctl("net.ipv4.tcp_autocorking", "1")
        let drifted = try Command.netagent(
            ["status", "--enable", "tcp", "--profile", "aggressive", "--state-dir", state.path, "--json"],
            namespace: namespace.name)
        #expect(drifted.status == 2)
        let driftedKeys = (try drifted.json()["knobs"] as? [[String: Any]] ?? [])
            .filter { $0["status"] as? String == "drifted" }.compactMap { $0["key"] as? String }
        #expect(driftedKeys == ["sysctl:net.ipv4.tcp_autocorking"])

        try namespace.setSysctl("net.ipv4.tcp_autocorking", "0")
        let rollback = try Command.netagent(["rollback", "--state-dir", state.path], namespace: namespace.name)
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(try values(in: namespace) == before)
    }

    func bufferTree(rmemMax: Int) throws -> SysctlTree {
        try SysctlTree([
            "net.core.rmem_default": "212992", "net.core.rmem_max": "\(rmemMax)",
            "net.core.wmem_default": "212992", "net.core.wmem_max": "212992",
            // Space-separated, as netagent writes them; the real /proc prints tabs and reformats what it is given.
            "net.ipv4.tcp_rmem": "4096 131072 6291456", "net.ipv4.tcp_wmem": "4096 16384 4194304",
        ])
    }

    func journalKeys(_ run: CommandResult) throws -> [String] {
        let transaction = try #require(try run.json()["transaction"] as? [String: Any])
        return (transaction["changes"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
    }

    @Test func underRootCoreBufferLimitsAreSetPerProfileAndRestoredExactly() throws {
        let tree = try bufferTree(rmemMax: 212992)
        let before = try tree.directory.snapshot()
        let state = try TemporaryDirectory()
        let run = try Command.netagent([
            "run", "--enable", "buffers", "--profile", "moderate", "--root", tree.root,
            "--state-dir", state.path, "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(tree.value("net.core.rmem_default") == "16384")
        #expect(tree.value("net.core.rmem_max") == "8388608")
        #expect(tree.value("net.ipv4.tcp_rmem") == "4096 16384 8388608")
        #expect(try Command.netagent(["rollback", "--root", tree.root, "--state-dir", state.path]).status == 0)
        #expect(try tree.directory.snapshot() == before)
    }

    @Test func underRootAGrowingLimitIsWrittenBeforeTheValuesUnderIt() throws {
        let tree = try bufferTree(rmemMax: 212992)
        let state = try TemporaryDirectory()
        let run = try Command.netagent(["run", "--enable", "buffers", "--root", tree.root, "--state-dir", state.path, "--json"])
        let keys = try journalKeys(run)
        let limit = try #require(keys.firstIndex(of: "sysctl:net.core.rmem_max"))
        #expect(limit < keys.firstIndex(of: "sysctl:net.core.rmem_default")!)
        #expect(limit < keys.firstIndex(of: "sysctl:net.ipv4.tcp_rmem")!)
    }

    @Test func underRootAShrinkingLimitIsWrittenAfterTheValuesUnderIt() throws {
        let tree = try bufferTree(rmemMax: 67_108_864)
        let state = try TemporaryDirectory()
        let run = try Command.netagent(["run", "--enable", "buffers", "--root", tree.root, "--state-dir", state.path, "--json"])
        let keys = try journalKeys(run)
        let limit = try #require(keys.firstIndex(of: "sysctl:net.core.rmem_max"))
        #expect(limit > keys.firstIndex(of: "sysctl:net.core.rmem_default")!)
        #expect(limit > keys.firstIndex(of: "sysctl:net.ipv4.tcp_rmem")!)
        #expect(tree.value("net.core.rmem_max") == "8388608")
    }

    @Test func underRootTCPsMaximumNeverExceedsTheCoreLimit() throws {
        for profile in ["aggressive", "moderate", "conservative"] {
            let tree = try bufferTree(rmemMax: 212992)
            let state = try TemporaryDirectory()
            let run = try Command.netagent([
                "run", "--enable", "buffers", "--profile", profile, "--root", tree.root, "--state-dir", state.path,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let tcpMaximum = Int(try #require(tree.value("net.ipv4.tcp_rmem")?.split(separator: " ").last))
            #expect(tcpMaximum! <= Int(try #require(tree.value("net.core.rmem_max")))!)
        }
    }

    @Test func tcpLowLatencyIsUnsupportedOnKernelsThatIgnoreIt() throws {
        let tree = try SysctlTree(["net.ipv4.tcp_low_latency": "0", "kernel.osrelease": "6.8.0-41-generic"])
        let plan = try Command.netagent(["run", "--dry-run", "--enable", "tcp", "--root", tree.root, "--json"])
        let knob = try #require(
            (try plan.json()["knobs"] as? [[String: Any]])?.first { $0["key"] as? String == "sysctl:net.ipv4.tcp_low_latency" })
        #expect(knob["action"] as? String == "unsupported")
        #expect((knob["reason"] as? String)?.contains("Linux 6.8 ignores tcp_low_latency") == true)
    }

    @Test func tcpLowLatencyIsSetOnKernelsThatStillHonourIt() throws {
        let tree = try SysctlTree(["net.ipv4.tcp_low_latency": "0", "kernel.osrelease": "4.9.337"])
        let state = try TemporaryDirectory()
        let run = try Command.netagent(["run", "--enable", "tcp", "--root", tree.root, "--state-dir", state.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(tree.value("net.ipv4.tcp_low_latency") == "1")
    }
}
