import Foundation
import Testing

/// The icmp probe against ping and fping on the same target over a veth pair, on the same
/// 10 ms schedule. These compare medians a few microseconds apart, so they run alone
/// (`make test` runs them with the other timing tests, after the parallel suite).
///
/// By default netagent measures as ping and fping do (send time taken before sendto, receive
/// time from the kernel): run back to back, its median is within 10 µs of fping's and within
/// 25 µs or 25 % of ping's. With `send_timestamp = "kernel"` the RTT leaves out the sender's own
/// stack, so its median is no larger than fping's (plus 10 µs of noise) and above zero.
@Suite(.serialized, .enabled(if: TestEnvironment.isRoot, "needs root for network namespaces and raw ICMP sockets"))
struct ICMPAccuracyTests {
    let icmp = ICMPProbeTests()

    @Test func theDefaultMedianMatchesFpingsAndPingsOnTheSameTarget() throws {
        let pair = try NamespacePair()
        let target = NamespacePair.farAddresses[0]
        // Back to back in five alternating turns, so the drift of this machine's load (an idle
        // vCPU's wake-up alone moves a median by 10 µs) falls on both tools alike.
        var fping: [Double] = []
        var ping: [Double] = []
        var netagent: [Double] = []
        for _ in 0..<5 {
            fping += try icmp.fpingSamples(target, count: 100, in: pair.near)
            let report = try #require(try icmp.probe([target], in: pair.near, extra: ["--count", "100"]).first)
            #expect(report["timestamp_source"] as? String == "kernel-rx")
            netagent += icmp.samples(report).compactMap { $0 }
            ping += try ReferenceTools.ping(target, count: 100, intervalMS: ICMPProbeTests.intervalMS, in: pair.near)
        }
        #expect(netagent.count == 500 && fping.count == 500 && ping.count == 500)
        let (median, fpingMedian, pingMedian) = (ReferenceTools.median(netagent), ReferenceTools.median(fping), ReferenceTools.median(ping))
        #expect(abs(median - fpingMedian) <= 10_000, "default median \(median) ns vs fping \(fpingMedian) ns")
        #expect(abs(median - pingMedian) <= max(25_000, 0.25 * pingMedian), "default median \(median) ns vs ping \(pingMedian) ns")
    }

    @Test func theKernelSendTimestampLeavesOutTheSendersStack() throws {
        let pair = try NamespacePair()
        let target = NamespacePair.farAddresses[0]
        let (fping, kernel) = try Concurrently.run(
            { ReferenceTools.median(try icmp.fpingSamples(target, in: pair.near)) },
            { try #require(try icmp.probe([target], in: pair.near, config: "[icmp]\nsend_timestamp = \"kernel\"\n").first) })
        let kernelMedian = ReferenceTools.median(icmp.samples(kernel).compactMap { $0 })
        #expect(icmp.samples(kernel).count == ICMPProbeTests.count)
        #expect(kernelMedian > 0 && kernelMedian <= fping + 10_000, "kernel-timestamp median \(kernelMedian) ns vs fping \(fping) ns")
        #expect(kernel["timestamp_source"] as? String == "kernel")
    }
}
