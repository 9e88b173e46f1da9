import Foundation
import Testing

/// The responsiveness probe on the bufferbloat scenario (`BottleneckPair`): RTT while new iperf3
/// flows fill a 20 Mbit/s bottleneck, compared with ping next to `iperf3 -c` in the same run.
@Suite(.serialized, .enabled(if: TestEnvironment.isRoot, "needs root for network namespaces, tc and raw ICMP sockets"))
struct ResponsivenessProbeTests {
    /// One probe run from near: the target's report.
    /// The default 10 s leaves room for bbr, whose goodput can take 4 s to settle here.
    func probe(_ pair: BottleneckPair, target: String = BottleneckPair.iperfTarget, durationS: Int = 10, intervalMS: Int = 50) throws
        -> [String: Any]
    {
        let settings = try TemporaryDirectory()
        try settings.write(
            "netagent.toml",
            "[responsiveness]\ntargets = [\"\(target)\"]\nduration_s = \(durationS)\ninterval_ms = \(intervalMS)\n")
        let result = try Command.netagent(
            ["probe", "--enable", "responsiveness", "--config", settings.path + "/netagent.toml", "--json"], namespace: pair.near.name)
        return try #require((try result.json()["targets"] as? [[String: Any]])?.first, "\(result.stdout) \(result.stderr)")
    }

    func median(_ report: [String: Any]) -> Double {
        ((report["statistics"] as? [String: Any])?["p50_ms"] as? Double) ?? 0
    }

    @Test func loadedLatencyShowsTheQueueThatCubicBuildsAndBBRAvoids() throws {
        try CongestionControlAllowance.withBBR {
            let pair = try BottleneckPair()
            try pair.useCongestionControl("cubic")
            let cubicPing = ReferenceTools.median(try pair.pingUnderLoad()) / 1e6
            sleep(1)
            let cubic = try probe(pair)
            sleep(1)
            try pair.useCongestionControl("bbr")
            let bbr = try probe(pair)
            let counters = cubic["counters"] as? [String: Int] ?? [:]
            #expect(cubic["error"] == nil, "\(cubic)")
            #expect((cubic["samples_ns"] as? [Any])?.count ?? 0 >= 40, "the loaded window after the ramp-up")
            #expect((counters["goodput_up_bps"] ?? 0) > 15_000_000, "the flows fill the 20 Mbit/s path: \(counters)")
            #expect((counters["rampup_ms"] ?? 0) >= 1000, "at least the first second is discarded")
            let connects = ((cubic["phases"] as? [String: Any])?["connect"] as? [String: Any]) ?? [:]
            #expect((connects["received"] as? Int ?? 0) >= 5, "connect times under load: \(connects)")
            #expect(
                (connects["p50_ms"] as? Double ?? 0) > 2 * Double(counters["idle_rtt_p50_ns"] ?? 0) / 1e6,
                "a handshake waits in the queue too")
            #expect(Double(counters["idle_rtt_p50_ns"] ?? 0) / 1e6 < median(cubic) / 10, "idle RTT is far below loaded: \(counters)")
            // The same queue as ping sees next to iperf3 -c: within a factor of two either way.
            #expect(median(cubic) > cubicPing / 2 && median(cubic) < cubicPing * 2, "probe \(median(cubic)) ms vs ping \(cubicPing) ms")
            #expect(median(cubic) >= 5 * median(bbr), "cubic \(median(cubic)) ms vs bbr \(median(bbr)) ms under load")
        }
    }

    @Test func aTargetWithoutAnIperfServerIsAnErrorThatSaysWhatToStart() throws {
        let pair = try BottleneckPair()
        let report = try probe(pair, target: BottleneckPair.farAddress + ":5299", durationS: 3)
        #expect((report["error"] as? String)?.contains("iperf3 -s") == true, "\(report)")
    }

    @Test func aRunTooShortToLeaveTenSamplesAfterTheRampUpIsAnErrorThatSaysToLengthenIt() throws {
        try CongestionControlAllowance.withBBR {
            let pair = try BottleneckPair()
            try pair.useCongestionControl("cubic")
            // One sample a second for 6 s: at most 5 remain after the ramp-up.
            let report = try probe(pair, durationS: 6, intervalMS: 1000)
            #expect(
                (report["error"] as? String)?.contains("RTT samples under load (10 are needed); lengthen duration_s") == true, "\(report)")
            #expect((report["samples_ns"] as? [Any])?.isEmpty != false)
        }
    }
}
