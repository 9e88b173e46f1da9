import Foundation
import Testing

/// `run --measure` where the gain exists: a bulk upload over a 20 Mbit/s bottleneck
/// (`BottleneckPair`), cubic before and bbr after, measured by the responsiveness probe in
/// independent rounds. (Set by hand, bbr gives 8 to 10 times lower RTT under load here.) Each
/// window runs 12 s: bbr's goodput can take 4 s to settle, and the rest must hold the samples.
@Suite(.serialized, .enabled(if: TestEnvironment.isRoot, "needs root for network namespaces, tc and raw ICMP sockets"))
struct BufferbloatTests {
    func run(_ arguments: [String], _ pair: BottleneckPair, modules: String? = nil) throws -> CommandResult {
        let settings = try TemporaryDirectory()
        try settings.write(
            "netagent.toml", "[responsiveness]\ntargets = [\"\(BottleneckPair.iperfTarget)\"]\nduration_s = 12\ninterval_ms = 50\n")
        return try Command.netagent(
            [
                "run", "--measure", "--rounds", "3", "--json", "--config", settings.path + "/netagent.toml",
                "--state-dir", settings.path + "/state",
            ] + (modules.map { ["--module-path", $0] } ?? []) + arguments,
            namespace: pair.near.name)
    }

    func statistic(_ name: String, of comparison: [String: Any]) -> [String: Any]? {
        (comparison["statistics"] as? [[String: Any]])?.first { $0["statistic"] as? String == name }
    }

    @Test func bbrUnderLoadIsMeasuredAsAtLeastFiveTimesLowerAndStaysApplied() throws {
        try CongestionControlAllowance.withBBR {
            let pair = try BottleneckPair()
            try pair.useCongestionControl("cubic")
            let result = try run(["--enable", "bbr,responsiveness"], pair)
            #expect(result.status == 0, "\(result.stderr)")
            let comparison = try #require((try result.json()["comparisons"] as? [[String: Any]])?.first, "\(result.stdout)")
            let median = try #require(statistic("p50_ms", of: comparison))
            let ratio = try #require(median["ratio"] as? Double)
            #expect(ratio <= 0.2, "loaded p50 \(median["before_median"] ?? "?") -> \(median["after_median"] ?? "?") ms")
            #expect((statistic("p99_ms", of: comparison)?["ratio"] as? Double ?? 1) < 1)
            #expect(comparison["verdict"] as? String == "better", "\(comparison)")
            #expect(try pair.near.sysctl("net.ipv4.tcp_congestion_control") == "bbr")
        }
    }

    @Test func aTunerThatSetsCubicWhereBBRWasIsMeasuredWorseAndRolledBack() throws {
        try CongestionControlAllowance.withBBR {
            let pair = try BottleneckPair()
            try pair.useCongestionControl("bbr")
            let modules = try TemporaryDirectory()
            try FixtureModule.buildTuner(
                "to-cubic.so", in: modules.path,
                defines: [
                    "TUNER_NAME=\"to-cubic\"", "TUNER_SYSCTL=\"net.ipv4.tcp_congestion_control\"",
                    "TUNER_SYSCTL_PATH=\"net/ipv4/tcp_congestion_control\"", "TUNER_VALUE=\"cubic\"",
                ])
            let result = try run(["--enable", "to-cubic,responsiveness", "--rollback-if-worse"], pair, modules: modules.path)
            #expect(result.status == 5, "\(result.stderr)")
            let comparison = try #require((try result.json()["comparisons"] as? [[String: Any]])?.first, "\(result.stdout)")
            #expect(comparison["verdict"] as? String == "worse", "\(comparison)")
            #expect(try pair.near.sysctl("net.ipv4.tcp_congestion_control") == "bbr")
        }
    }
}
