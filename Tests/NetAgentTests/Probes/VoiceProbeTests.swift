import Foundation
import Testing

@testable import NetAgentCore

/// The voice probe over a veth pair: loss bursts told apart from random loss by nftables rules
/// that drop the same share of packets in two patterns, jitter against a peer that delays every
/// other reply, and the UDP stream to `netagent serve-echo` marked DSCP EF.
@Suite(.enabled(if: TestEnvironment.isRoot, "needs root for network namespaces, nftables and raw ICMP sockets"))
struct VoiceProbeTests {
    /// The voice probe's report for each target, run from near.
    func measure(_ pair: NamespacePair, _ targets: [String], count: Int = 1000, intervalMS: Int = 5) throws -> [[String: Any]] {
        let result = try Command.netagent(
            ["probe", "--enable", "voice", "--count", "\(count)", "--interval", "\(intervalMS)", "--timeout", "500", "--json"]
                + targets.flatMap { ["--target", $0] }, namespace: pair.near.name)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try result.json()["targets"] as? [[String: Any]], "\(result.stdout)")
    }

    /// Drops echo requests at far matching `pattern` (an nftables expression) and rates a call.
    func rated(dropping pattern: [String], in pair: NamespacePair) throws -> [String: Any] {
        _ = try? pair.far.run(["nft", "delete", "table", "inet", "voice"])
        try pair.far.run(["nft", "add", "table", "inet", "voice"])
        try pair.far.run(["nft", "add", "chain", "inet", "voice", "in", "{ type filter hook input priority 0 ; }"])
        try pair.far.run(["nft", "add", "rule", "inet", "voice", "in", "icmp", "type", "echo-request"] + pattern + ["drop"])
        let report = try #require(try measure(pair, [NamespacePair.farAddresses[0]]).first)
        return try #require(report["voice"] as? [String: Any], "\(report)")
    }

    @Test func randomLossHasBurstRNearOneAndRunsOfFiveCostMoreThanTheSameLossAtRandom() throws {
        let pair = try NamespacePair()
        let random = try rated(dropping: ["numgen", "random", "mod", "100", "<", "10"], in: pair)
        let runs = try rated(dropping: ["numgen", "inc", "mod", "50", "<", "5"], in: pair)
        let randomBurst = try #require(random["burst_r"] as? Double)
        let runsBurst = try #require(runs["burst_r"] as? Double)
        // 1000 packets at 10 % loss: the estimate's standard error is about 0.03.
        #expect(abs(randomBurst - 1) <= 0.2, "random loss: BurstR \(randomBurst)")
        // Runs of exactly 5 in every 50: p = 1/45, q = 1/5, BurstR = 4.5.
        #expect(abs(runsBurst - 4.5) <= 0.2, "runs of 5: BurstR \(runsBurst)")
        #expect(runs["loss_percent"] as? Double == 10, "\(runs)")
        let randomLoss = try #require(random["loss_percent"] as? Double)
        #expect((7.2...12.8).contains(randomLoss), "99.7 % binomial interval around 10 % for 1000 packets: \(randomLoss)")
        let randomR = try #require(random["r"] as? Double)
        let runsR = try #require(runs["r"] as? Double)
        #expect(runsR < randomR - 4, "the same loss in runs of 5 rates lower: R \(runsR) vs \(randomR)")
        let costs = runs["costs"] as? [String] ?? []
        #expect(costs.contains { $0.hasPrefix("loss bursts cost") }, "\(costs)")
    }

    @Test func jitterMatchesAnIndependentRFC3550ComputationAgainstAPeerThatDelaysEveryOtherReply() throws {
        let pair = try NamespacePair()
        let address = NamespacePair.farAddresses[0]
        let server = try BackgroundProcess(
            ["/usr/bin/python3", TestEnvironment.packageRoot + "/Tests/Fixtures/alternating_echo.py", address, "7"],
            namespace: pair.far.name)
        let report = try withExtendedLifetime(server) {
            try #require(try measure(pair, ["udp:\(address):7"], count: 200, intervalMS: 20).first)
        }
        let samples = (report["samples_ns"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue }
        #expect(samples.count == 200, "every packet came back: \(samples.count)")
        // RFC 3550 6.4.1, written out here: D(i-1, i) = (R_i - R_i-1) - (S_i - S_i-1) = RTT_i - RTT_i-1.
        var jitter = 0.0
        for index in samples.indices.dropFirst() {
            jitter += (abs(samples[index] - samples[index - 1]) - jitter) / 16
        }
        let independent = jitter / 1e6
        let voice = try #require(report["voice"] as? [String: Any])
        let measured = try #require(voice["jitter_ms"] as? Double)
        #expect(abs(measured - independent) <= 0.1 * independent, "probe \(measured) ms, independent \(independent) ms")
        #expect((9...11.5).contains(measured), "replies alternate 0 and 10 ms late: \(measured) ms")
        let buffer = try #require(voice["jitter_buffer_ms"] as? Double)
        #expect(buffer >= 20, "2 x p99 of |D|, at least 20 ms: \(buffer)")
    }

    @Test func theUDPStreamToServeEchoIsMarkedExpeditedForwardingAndRated() throws {
        let pair = try NamespacePair()
        let address = NamespacePair.farAddresses[0]
        try pair.far.run(["nft", "add", "table", "inet", "voice"])
        try pair.far.run(["nft", "add", "chain", "inet", "voice", "in", "{ type filter hook input priority 0 ; }"])
        try pair.far.run(["nft", "add", "rule", "inet", "voice", "in", "udp", "dport", "7", "ip", "dscp", "ef", "counter"])
        try pair.far.run(["nft", "add", "rule", "inet", "voice", "in", "icmp", "type", "echo-request", "ip", "dscp", "ef", "counter"])
        let server = try BackgroundProcess(
            [TestEnvironment.netagent, "serve-echo", "--listen", address + ":7", "--json"], namespace: pair.far.name)
        let reports = try measure(pair, ["udp:\(address):7", address], count: 100, intervalMS: 10)
        let (_, output) = server.interrupt()
        let echoed = try JSONSerialization.jsonObject(with: output) as? [String: Int]
        #expect(echoed?["echoed"] == 100, "\(echoed ?? [:])")
        for report in reports {
            let statistics = report["statistics"] as? [String: Any] ?? [:]
            #expect(statistics["received"] as? Int == 100, "\(report["target"] ?? "") \(statistics)")
            let voice = try #require(report["voice"] as? [String: Any], "\(report)")
            #expect((voice["mos"] as? Double ?? 0) > 4.3, "a clean veth rates near the model's best: \(voice)")
        }
        let listing = try pair.far.run(["nft", "list", "table", "inet", "voice"]).stdout
        let counted = listing.split(separator: "\n").compactMap { line -> Int? in
            guard let range = line.range(of: "counter packets ") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        #expect(counted == [100, 100], "every UDP and ICMP packet carried DSCP EF (TOS 184):\n\(listing)")
    }

    @Test func aUDPTargetIsRefusedByTheICMPProbeAndAnUnknownCodecByTheVoiceProbe() throws {
        let icmp = try Command.netagent(["probe", "--enable", "icmp", "--target", "udp:127.0.0.1:7", "--count", "1", "--json"])
        #expect(icmp.status == 4, "a target the probe cannot take is a usage error")
        let failed = try #require((try icmp.json()["failed_probes"] as? [[String: Any]])?.first, "\(icmp.stderr)")
        #expect((failed["error"] as? String ?? "").contains("voice probe"), "\(failed)")
        let config = try TemporaryDirectory()
        let path = config.path + "/netagent.toml"
        try "[voice]\ncodec = \"opus\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let voice = try Command.netagent(["probe", "--config", path, "--enable", "voice", "--target", "127.0.0.1", "--count", "1"])
        #expect(voice.status != 0)
        #expect(voice.stderr.contains("codec = \"opus\""), "\(voice.stderr)")
    }

    @Test func describeListsExactlyTheCodecsTheEModelKnows() throws {
        let described = try Command.netagent(["describe", "voice", "--json"])
        let keys = try #require(try described.json()["config"] as? [[String: Any]])
        let codec = try #require(keys.first { $0["key"] as? String == "codec" }?["description"] as? String)
        let listed = codec.split(separator: ":", maxSplits: 1).last?.split(separator: "(").first ?? ""
        let names = listed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(names == EModel.Codec.all.map(\.name), "\(codec)")
        #expect(keys.first { $0["key"] as? String == "interval_ms" }?["default"] as? String == "20")
        #expect(keys.first { $0["key"] as? String == "count" }?["default"] as? String == "1000")
    }
}
