import Foundation
import Testing

/// The icmp probe over a veth pair between two namespaces, checked against ping and fping on
/// the same target in the same run, on the same 10 ms schedule.
///
/// Tolerance: with `send_timestamp = "user"` netagent measures as ping does (send time taken
/// before sendto, receive time from the kernel), and its median is within 25 µs or 25 % of
/// ping's, measured at the same time. With the default kernel send timestamp the RTT leaves
/// out the sender's syscall path, so its median is no larger than fping's (measured at the same
/// time, plus 10 µs of noise) and above zero.
@Suite(.serialized, .enabled(if: TestEnvironment.isRoot, "needs root for network namespaces and raw ICMP sockets"))
struct ICMPProbeTests {
    static let count = 200
    static let intervalMS = 10

    func probe(_ targets: [String], in namespace: NetworkNamespace, config: String? = nil, extra: [String] = []) throws -> [[String: Any]] {
        var arguments =
            ["probe", "--enable", "icmp", "--json", "--count", "\(Self.count)", "--interval", "\(Self.intervalMS)"]
            + targets.flatMap { ["--target", $0] } + extra
        let settings = try TemporaryDirectory()
        if let config {
            try settings.write("netagent.toml", config)
            arguments += ["--config", settings.path + "/netagent.toml"]
        }
        let result = try Command.netagent(arguments, namespace: namespace.name)
        return try #require(try result.json()["targets"] as? [[String: Any]], "\(result.stderr)")
    }

    func samples(_ report: [String: Any]) -> [Double?] {
        (report["samples_ns"] as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue }
    }

    @Test func theMedianMatchesPingsAndFpingsOnTheSameTarget() throws {
        let pair = try NamespacePair()
        let target = NamespacePair.farAddresses[0]
        // Each tool runs at the same time as netagent, so all see the same load on this machine.
        let (ping, user) = try Concurrently.run(
            { ReferenceTools.median(try ReferenceTools.ping(target, count: Self.count, intervalMS: Self.intervalMS, in: pair.near)) },
            { try #require(try probe([target], in: pair.near, config: "[icmp]\nsend_timestamp = \"user\"\n").first) })
        let (fping, kernel) = try Concurrently.run(
            {
                ReferenceTools.median(
                    (try ReferenceTools.fping([target], count: Self.count, intervalMS: Self.intervalMS, in: pair.near)[target] ?? [])
                        .compactMap { $0 })
            },
            { try #require(try probe([target], in: pair.near).first) })
        let userMedian = ReferenceTools.median(samples(user).compactMap { $0 })
        let kernelMedian = ReferenceTools.median(samples(kernel).compactMap { $0 })

        #expect(samples(user).count == Self.count && samples(user).allSatisfy { $0 != nil })
        #expect(abs(userMedian - ping) <= max(25_000, 0.25 * ping), "user-timestamp median \(userMedian) ns vs ping \(ping) ns")
        #expect(kernelMedian > 0 && kernelMedian <= fping + 10_000, "kernel-timestamp median \(kernelMedian) ns vs fping \(fping) ns")
        #expect(user["timestamp_source"] as? String == "kernel-rx")
        #expect(kernel["timestamp_source"] as? String == "kernel")
    }

    @Test func threeTargetsAreMeasuredAtOnceFromOneSocket() throws {
        let pair = try NamespacePair()
        let reports = try probe(NamespacePair.farAddresses, in: pair.near, extra: ["--count", "50"])
        #expect(reports.map { $0["target"] as? String } == NamespacePair.farAddresses)
        for report in reports {
            #expect(samples(report).count == 50 && samples(report).allSatisfy { $0 != nil }, "\(report)")
            #expect((report["counters"] as? [String: Int])?["duplicates"] == 0)
        }
        let fping = try ReferenceTools.fping(NamespacePair.farAddresses, count: 50, intervalMS: Self.intervalMS, in: pair.near)
        #expect(fping.values.allSatisfy { $0.count == 50 && $0.allSatisfy { $0 != nil } }, "fping agrees nothing is lost")
    }

    @Test func anUnprivilegedDatagramSocketIsUsedWhereThePingGroupRangeAllowsIt() throws {
        let pair = try NamespacePair()
        try pair.near.setSysctl("net.ipv4.ping_group_range", "0 2147483647")
        let report = try #require(try probe([NamespacePair.farAddresses[0]], in: pair.near, extra: ["--count", "20"]).first)
        #expect(samples(report).allSatisfy { $0 != nil })
        #expect(report["timestamp_source"] as? String == "kernel")
    }

    @Test func ipv6LoopbackIsMeasured() throws {
        let namespace = try NetworkNamespace()
        let report = try #require(try probe(["::1"], in: namespace, extra: ["--count", "10"]).first)
        #expect(samples(report).allSatisfy { ($0 ?? 0) > 0 })
    }

    @Test func theTOSByteMarksEveryRequestAsTheFarSideSees() throws {
        let pair = try NamespacePair()
        try pair.far.run(["nft", "add", "table", "inet", "marks"])
        try pair.far.run(["nft", "add", "chain", "inet", "marks", "in", "{ type filter hook input priority 0 ; }"])
        try pair.far.run(["nft", "add", "rule", "inet", "marks", "in", "ip", "dscp", "ef", "icmp", "type", "echo-request", "counter"])
        let report = try #require(
            try probe([NamespacePair.farAddresses[0]], in: pair.near, config: "[icmp]\ntos = 184\n", extra: ["--count", "20"]).first)
        #expect(samples(report).allSatisfy { $0 != nil })
        let rules = try pair.far.run(["nft", "list", "chain", "inet", "marks", "in"]).stdout
        #expect(rules.contains("counter packets 20 "), "\(rules)")
    }

    @Test func anUnresolvableTargetIsAnErrorAndTheOthersAreMeasured() throws {
        let pair = try NamespacePair()
        let reports = try probe(["no-such-host.invalid", NamespacePair.farAddresses[0]], in: pair.near, extra: ["--count", "5"])
        #expect((reports[0]["error"] as? String)?.contains("cannot resolve no-such-host.invalid") == true)
        #expect(samples(reports[1]).allSatisfy { $0 != nil })
    }

    @Test func aTargetThatDoesNotAnswerIsLostNotZero() throws {
        let pair = try NamespacePair()
        try pair.far.setSysctl("net.ipv4.icmp_echo_ignore_all", "1")
        let report = try #require(
            try probe([NamespacePair.farAddresses[0]], in: pair.near, extra: ["--count", "5", "--timeout", "200"]).first)
        #expect(samples(report).allSatisfy { $0 == nil })
        #expect((report["statistics"] as? [String: Any])?["loss_percent"] as? Double == 100)
        #expect((report["statistics"] as? [String: Any])?["min_ms"] == nil)
    }
}
