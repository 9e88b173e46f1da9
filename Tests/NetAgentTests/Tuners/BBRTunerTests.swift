import Foundation
import Testing

/// The bbr tuner applied for real inside fresh network namespaces, through the built `netagent`.
@Suite(.serialized, .enabled(if: TestEnvironment.isRoot, "needs root to create network namespaces"))
struct BBRTunerTests {
    static let congestion = "net.ipv4.tcp_congestion_control"

    @Test func runSetsBBRStatusSeesDriftAndRollbackRestoresTheOriginal() throws {
        try CongestionControlAllowance.withBBR {
            let namespace = try NetworkNamespace()
            let state = try TemporaryDirectory()
            try namespace.setSysctl(Self.congestion, "reno")

            let run = try Command.netagent(["run", "--enable", "bbr", "--state-dir", state.path, "--json"], namespace: namespace.name)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try namespace.sysctl(Self.congestion) == "bbr")
            let report = try run.json()
            let transaction = try #require(report["transaction"] as? [String: Any])
            #expect(transaction["state"] as? String == "applied")
            let knobs = try #require(report["knobs"] as? [[String: Any]])
            let qdisc = try #require(knobs.first { $0["key"] as? String == "sysctl:net.core.default_qdisc" })
            #expect(qdisc["action"] as? String == "unsupported", "default_qdisc is not per network namespace")
            #expect((qdisc["reason"] as? String)?.contains("net.core.default_qdisc") == true)

            let ok = try Command.netagent(["status", "--enable", "bbr", "--state-dir", state.path, "--json"], namespace: namespace.name)
            #expect(ok.status == 0, "\(ok.stdout)")
            let okKnob = try #require((try ok.json()["knobs"] as? [[String: Any]])?.first)
            #expect(okKnob["status"] as? String == "ok")

            try namespace.setSysctl(Self.congestion, "reno")
            let drifted = try Command.netagent(
                ["status", "--enable", "bbr", "--state-dir", state.path, "--json"], namespace: namespace.name)
            #expect(drifted.status == 2)
            let driftedKnob = try #require((try drifted.json()["knobs"] as? [[String: Any]])?.first)
            #expect(driftedKnob["status"] as? String == "drifted")
            #expect(driftedKnob["current"] as? String == "reno")
            #expect(driftedKnob["desired"] as? String == "bbr")

            try namespace.setSysctl(Self.congestion, "bbr")
            let rollback = try Command.netagent(["rollback", "--state-dir", state.path, "--json"], namespace: namespace.name)
            #expect(rollback.status == 0, "\(rollback.stderr)")
            #expect(try namespace.sysctl(Self.congestion) == "reno")
            let rolledBack = try #require(try rollback.json()["transaction"] as? [String: Any])
            #expect(rolledBack["state"] as? String == "rolled-back")
        }
    }

    @Test func dryRunShowsThePlanAndChangesNothing() throws {
        try CongestionControlAllowance.withBBR {
            let namespace = try NetworkNamespace()
            let state = try TemporaryDirectory()
            try namespace.setSysctl(Self.congestion, "reno")

            let plan = try Command.netagent(
                ["run", "--enable", "bbr", "--dry-run", "--state-dir", state.path, "--json"], namespace: namespace.name)
            #expect(plan.status == 0, "\(plan.stderr)")
            let report = try plan.json()
            #expect(report["dry_run"] as? Bool == true)
            #expect(report["transaction"] == nil)
            let knob = try #require((report["knobs"] as? [[String: Any]])?.first)
            #expect(knob["current"] as? String == "reno")
            #expect(knob["desired"] as? String == "bbr")
            #expect(knob["action"] as? String == "change")
            #expect(try namespace.sysctl(Self.congestion) == "reno")
            #expect(try FileManager.default.contentsOfDirectory(atPath: state.path).isEmpty)
        }
    }

    @Test func thePlanAndTheRunSayThatOnlyNewConnectionsUseBBR() throws {
        try CongestionControlAllowance.withBBR {
            let namespace = try NetworkNamespace()
            let state = try TemporaryDirectory()
            try namespace.setSysctl(Self.congestion, "reno")
            let plan = try Command.netagent(["run", "--dry-run", "--enable", "bbr"], namespace: namespace.name)
            #expect(plan.stdout.contains("note: sysctl:net.ipv4.tcp_congestion_control: only TCP connections opened from now on"))
            let run = try Command.netagent(["run", "--enable", "bbr", "--no-probe", "--state-dir", state.path], namespace: namespace.name)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("restart the services that hold them"), "\(run.stdout)")
            let json = try Command.netagent(["run", "--dry-run", "--enable", "bbr", "--json"], namespace: namespace.name).json()
            let knob = (json["knobs"] as? [[String: Any]])?.first { $0["key"] as? String == "sysctl:net.ipv4.tcp_congestion_control" }
            #expect((knob?["after_change"] as? String)?.contains("ss -ti") == true)
        }
    }
}
