import Foundation
import Testing

/// Baselines: a latency change injected with a tbf qdisc between two measurements is found
/// significant, and two measurements with nothing changed are not.
@Suite(.serialized, .enabled(if: TestEnvironment.isRoot, "needs root for network namespaces, tc and raw ICMP sockets"))
struct BaselineTests {
    func probe(_ pair: NamespacePair, _ state: TemporaryDirectory, _ extra: [String]) throws -> [String: Any] {
        let result = try Command.netagent(
            [
                "probe", "--enable", "icmp", "--target", NamespacePair.farAddresses[0], "--count", "100",
                "--interval", "5", "--timeout", "2000", "--state-dir", state.path, "--json",
            ] + extra,
            namespace: pair.near.name)
        return try result.json()
    }

    func comparison(_ report: [String: Any]) throws -> [String: Any] {
        try #require((report["comparisons"] as? [[String: Any]])?.first)
    }

    @Test func aQueueAddedByTbfIsASignificantLatencyIncrease() throws {
        let pair = try NamespacePair()
        let state = try TemporaryDirectory()
        _ = try probe(pair, state, ["--save-baseline", "before"])
        // 1000-byte echoes every 5 ms need 1.6 Mbit/s; tbf allows 256 kbit/s, so requests queue.
        try pair.near.run(["tc", "qdisc", "add", "dev", "va", "root", "tbf", "rate", "256kbit", "burst", "1600", "latency", "100ms"])
        let settings = try TemporaryDirectory()
        try settings.write("netagent.toml", "[icmp]\npayload_size = 1000\n")
        let after = try comparison(try probe(pair, state, ["--compare", "before", "--config", settings.path + "/netagent.toml"]))
        let latency = try #require(after["latency"] as? [String: Any])
        #expect(latency["significant"] as? Bool == true)
        #expect(latency["direction"] as? String == "worse")
        let p50 = (after["changes"] as? [[String: Any]])?.first { $0["statistic"] as? String == "p50_ms" }
        #expect((p50?["change_percent"] as? Double ?? 0) > 100)
    }

    @Test func twoMeasurementsWithNothingChangedShowNoSignificantChange() throws {
        let pair = try NamespacePair()
        let state = try TemporaryDirectory()
        _ = try probe(pair, state, ["--save-baseline", "before"])
        let again = try comparison(try probe(pair, state, ["--compare", "before"]))
        #expect((again["latency"] as? [String: Any])?["significant"] as? Bool == false)
        #expect((again["loss"] as? [String: Any])?["significant"] as? Bool == false)
    }

    @Test func anUnknownBaselineNamesTheSavedOnes() throws {
        let state = try TemporaryDirectory()
        try state.write("baselines/monday.json", "{}")
        let result = try Command.netagent([
            "probe", "--enable", "tcpconnect", "--target", "127.0.0.1:1", "--count", "1",
            "--compare", "friday", "--state-dir", state.path,
        ])
        #expect(result.status == 4)
        #expect(result.stderr.contains("no baseline \"friday\"") && result.stderr.contains("monday"))
    }

    @Test func aBaselineNameThatCouldBeAPathIsRefused() throws {
        let result = try Command.netagent(["probe", "--save-baseline", "../etc/passwd"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("baseline name"))
    }
}
