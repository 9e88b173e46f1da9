import Foundation
import Testing

/// The icmp probe over a veth pair between two namespaces and on loopback: targets at once,
/// IPv6, TOS, errors, ^C and thousands of targets. Its accuracy against ping and fping is in
/// `ICMPAccuracyTests`, which run alone.
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

    /// fping's RTTs to `target` from `namespace`, `count` attempts on the tests' schedule.
    func fpingSamples(_ target: String, count: Int = count, in namespace: NetworkNamespace) throws -> [Double] {
        (try ReferenceTools.fping([target], count: count, intervalMS: Self.intervalMS, in: namespace)[target] ?? []).compactMap { $0 }
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
        #expect(samples(report).count == 20 && samples(report).allSatisfy { $0 != nil })
        #expect(report["timestamp_source"] as? String == "kernel-rx")
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

    @Test func anInterruptReportsTheRequestsSentSoFarAsPingsStatisticsDo() throws {
        let probe = try BackgroundProcess(
            [
                TestEnvironment.netagent, "probe", "--enable", "icmp", "--target", "127.0.0.1", "--count", "1000", "--interval", "100",
                "--json",
            ],
            settleMS: 1000)
        let (status, output) = probe.interrupt()
        #expect(status == 0, "\(probe.stderr)")
        #expect(probe.stderr.isEmpty, "\(probe.stderr)")
        let json = try JSONSerialization.jsonObject(with: output) as? [String: Any]
        let report = try #require((json?["targets"] as? [[String: Any]])?.first, "\(probe.stdout)")
        let samples = report["samples_ns"] as? [Any] ?? []
        #expect((3...30).contains(samples.count), "\(samples.count) requests sent in about a second")
        #expect((report["statistics"] as? [String: Any])?["received"] as? Int == samples.count)
    }

    /// `count` loopback addresses from 127.1.0.1 on, 250 per third octet (none ends in .0 or
    /// .255); a fresh namespace's loopback answers every one.
    static func loopbackTargets(_ count: Int) -> [String] {
        (0..<count).map { "127.\(1 + $0 / 62_500).\($0 / 250 % 250).\(1 + $0 % 250)" }
    }

    /// Many targets, given in a config file as the bench does, probed in a fresh namespace: the
    /// reports, checked to come back one per target in order; with `prometheus`, also written there.
    func probeFromConfig(_ targets: [String], count: Int, intervalMS: Int, prometheus: String? = nil) throws -> [[String: Any]] {
        let namespace = try NetworkNamespace()
        let settings = try TemporaryDirectory()
        try settings.write("netagent.toml", "[icmp]\ntargets = [" + targets.map { "\"\($0)\"" }.joined(separator: ", ") + "]\n")
        let result = try Command.netagent(
            [
                "probe", "--enable", "icmp", "--count", "\(count)", "--interval", "\(intervalMS)", "--json", "--config",
                settings.path + "/netagent.toml",
            ] + (prometheus.map { ["--prometheus", $0] } ?? []), namespace: namespace.name)
        let reports = try #require(try result.json()["targets"] as? [[String: Any]], "\(result.stderr)")
        #expect(reports.map { $0["target"] as? String } == targets)
        return reports
    }

    @Test func fourThousandNinetySixTargetsAreMeasuredWithEverySamplePresentAndExportedToPrometheus() throws {
        let targets = Self.loopbackTargets(4096)
        let export = try TemporaryDirectory()
        let file = export.path + "/icmp.prom"
        let reports = try probeFromConfig(targets, count: 2, intervalMS: 1000, prometheus: file)
        let incomplete = reports.filter { samples($0).count != 2 || samples($0).contains(nil) }
        let incompleteCount = incomplete.count
        #expect(incompleteCount == 0, "targets without both samples, first: \(incomplete.first?["target"] ?? "")")
        // One family header, and a series in it for every target.
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0 == "# TYPE probe_success gauge" }.count == 1)
        let succeeded = Set(
            lines.compactMap { line -> String? in
                let parts = line.split(separator: " ")
                return parts.count == 2 && parts[0].hasPrefix("probe_success{") && Double(parts[1]) == 1 ? String(parts[0]) : nil
            })
        let missing = targets.filter { !succeeded.contains("probe_success{module=\"icmp\",target=\"\($0)\"}") }
        let missingCount = missing.count
        #expect(missingCount == 0, "targets without probe_success 1, first: \(missing.first ?? "")")
    }

    /// 163 840 requests in one session: the sequence numbers wrap twice, and each reply is
    /// matched to its request by the number in its payload.
    @Test func sixteenThousandTargetsTenTimesEachAreMeasuredWithEveryReplyMatchedToItsRequest() throws {
        let reports = try probeFromConfig(Self.loopbackTargets(16_384), count: 10, intervalMS: 500)
        let incomplete = reports.filter { samples($0).count != 10 || samples($0).contains(nil) }
        let incompleteCount = incomplete.count
        #expect(incompleteCount == 0, "targets without all 10 samples, first: \(incomplete.first?["target"] ?? "")")
        let odd = reports.filter { report in
            let counters = report["counters"] as? [String: Int] ?? [:]
            return counters["duplicates", default: 0] + counters["corrupt", default: 0] + counters["late", default: 0] > 0
        }
        let oddCount = odd.count
        #expect(oddCount == 0, "replies matched to the wrong request, first: \(odd.first?["counters"] ?? "")")
    }
}
