import Foundation
import Testing

/// The loss probe against a peer whose nftables rule drops 20 % of echo requests at random.
///
/// The measured loss must fall in the 99.9 % binomial interval around 20 % for 500 attempts,
/// 20 % ± 3.29 × sqrt(0.2 × 0.8 / 500) = [14.1 %, 25.9 %]. (The 95 % interval would fail one
/// correct run in twenty by design.)
@Suite(.enabled(if: TestEnvironment.isRoot, "needs root for network namespaces, nftables and raw ICMP sockets"))
struct LossProbeTests {
    @Test func randomDropsAreMeasuredWithinTheBinomialIntervalAndTheirBurstsReported() throws {
        let pair = try NamespacePair()
        try pair.far.run(["nft", "add", "table", "inet", "loss"])
        try pair.far.run(["nft", "add", "chain", "inet", "loss", "in", "{ type filter hook input priority 0 ; }"])
        try pair.far.run([
            "nft", "add", "rule", "inet", "loss", "in", "icmp", "type", "echo-request", "numgen", "random", "mod", "100", "<", "20", "drop",
        ])
        let result = try Command.netagent(
            [
                "probe", "--enable", "loss", "--target", NamespacePair.farAddresses[0],
                "--count", "500", "--interval", "2", "--timeout", "200", "--json",
            ], namespace: pair.near.name)
        let report = try #require((try result.json()["targets"] as? [[String: Any]])?.first, "\(result.stderr)")
        let loss = try #require((report["statistics"] as? [String: Any])?["loss_percent"] as? Double)
        #expect((14.1...25.9).contains(loss), "measured loss \(loss) %")
        let bursts = try #require(report["loss_bursts"] as? [String: Any])
        #expect((bursts["count"] as? Int ?? 0) > 0)
        #expect((bursts["max"] as? Int ?? 0) >= 1)
        let histogram = bursts["histogram"] as? [String: Int] ?? [:]
        let lost = histogram.reduce(0) { $0 + (Int($1.key) ?? 0) * $1.value }
        #expect(Double(lost) == loss * 5, "the bursts account for every lost attempt")
        let counters = report["counters"] as? [String: Int] ?? [:]
        #expect(counters["duplicates"] == 0 && counters["corrupt"] == 0)
    }

    @Test func theDefaultScheduleIsAFiftyPacketPerSecondStream() throws {
        let described = try Command.netagent(["describe", "loss", "--json"])
        let keys = try #require(try described.json()["config"] as? [[String: Any]])
        #expect(keys.first { $0["key"] as? String == "count" }?["default"] as? String == "1000")
        #expect(keys.first { $0["key"] as? String == "interval_ms" }?["default"] as? String == "20")
    }
}
