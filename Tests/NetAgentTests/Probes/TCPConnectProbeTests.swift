import Foundation
import Testing

/// The tcpconnect probe through the built `netagent`, against real sockets on loopback.
@Suite struct TCPConnectProbeTests {
    func probe(_ targets: [String], _ extra: [String] = [], namespace: String? = nil) throws -> [[String: Any]] {
        let result = try Command.netagent(
            ["probe", "--enable", "tcpconnect", "--json"] + targets.flatMap { ["--target", $0] } + extra,
            namespace: namespace)
        return try #require(try result.json()["targets"] as? [[String: Any]], "\(result.stderr)")
    }

    func samples(_ report: [String: Any]) -> [Int64?] {
        (report["samples_ns"] as? [Any] ?? []).map { ($0 as? NSNumber)?.int64Value }
    }

    @Test func everyHandshakeToAListenerIsTimed() throws {
        let listener = try TCPListener()
        let reports = try probe(["127.0.0.1:\(listener.port)"], ["--count", "20", "--interval", "5"])
        let times = samples(try #require(reports.first))
        #expect(times.count == 20)
        #expect(times.allSatisfy { ($0 ?? 0) > 0 })
    }

    @Test func ipv6TargetsInBracketsWork() throws {
        let listener = try TCPListener(address: "::1")
        let reports = try probe(["[::1]:\(listener.port)"], ["--count", "3", "--interval", "5"])
        let answered = samples(try #require(reports.first))
        #expect(answered.count == 3)
        #expect(answered.allSatisfy { $0 != nil })
    }

    @Test func theHostComputesStatisticsFromTheSamples() throws {
        let listener = try TCPListener()
        let report = try #require(try probe(["127.0.0.1:\(listener.port)"], ["--count", "5", "--interval", "5"]).first)
        let statistics = try #require(report["statistics"] as? [String: Any])
        let times = samples(report).compactMap { $0 }
        #expect(statistics["received"] as? Int == 5)
        #expect(statistics["loss_percent"] as? Double == 0)
        #expect(statistics["min_ms"] as? Double == Double(times.min()!) / 1e6)
        #expect(statistics["max_ms"] as? Double == Double(times.max()!) / 1e6)
    }

    @Test func aClosedPortGivesRefusedErrorsAndNullSamples() throws {
        let port = try closedTCPPort()
        let report = try #require(try probe(["127.0.0.1:\(port)"], ["--count", "3", "--interval", "5"]).first)
        #expect(samples(report) == [nil, nil, nil])
        #expect((report["errors"] as? [String]) == ["Connection refused"])
        #expect((report["statistics"] as? [String: Any])?["loss_percent"] as? Double == 100)
    }

    @Test func anUnresolvableNameIsATargetErrorThatLeavesOtherTargetsMeasured() throws {
        let listener = try TCPListener()
        let reports = try probe(["no-such-host.invalid:80", "127.0.0.1:\(listener.port)"], ["--count", "2", "--interval", "5"])
        #expect((reports[0]["error"] as? String)?.contains("cannot resolve no-such-host.invalid") == true)
        #expect(samples(reports[1]).count == 2)
        #expect(samples(reports[1]).allSatisfy { $0 != nil })
    }

    @Test(arguments: [
        ("127.0.0.1", "expected host:port"), ("127.0.0.1:99999", "expected host:port with a port from 1 to 65535"),
    ])
    func aMalformedTargetIsAUsageErrorNotAnUnansweredTarget(target: String, problem: String) throws {
        let listener = try TCPListener()
        let result = try Command.netagent([
            "probe", "--enable", "tcpconnect", "--target", "127.0.0.1:\(listener.port)", "--target", target, "--count", "1",
        ])
        #expect(result.status == 4, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("target \"\(target)\": \(problem)"), "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: problem).count == 2, "said once: \(result.stderr)")
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "needs root for a network namespace and nftables"))
    func aTargetWhoseSYNsAreDroppedTimesOutWithinTheDeadline() throws {
        let namespace = try NetworkNamespace()
        try namespace.run(["nft", "add", "table", "inet", "blackhole"])
        try namespace.run(["nft", "add", "chain", "inet", "blackhole", "out", "{ type filter hook output priority 0 ; }"])
        try namespace.run(["nft", "add", "rule", "inet", "blackhole", "out", "tcp", "dport", "9", "drop"])
        let start = Date()
        let report = try #require(
            try probe(
                ["127.0.0.1:9"], ["--count", "2", "--interval", "0", "--timeout", "300"],
                namespace: namespace.name
            ).first)
        let elapsed = Date().timeIntervalSince(start)
        #expect(samples(report) == [nil, nil])
        #expect((report["errors"] as? [String]) == ["timed out after 300 ms"])
        #expect(elapsed >= 0.6, "two attempts of 300 ms each")
        #expect(elapsed < 10, "the deadline bounds the probe; it does not wait for the kernel's SYN retries")
    }

    @Test func handshakeTimesAgreeWithCurlsConnectTimeOnTheSameTarget() throws {
        let listener = try TCPListener()
        let reports = try probe(["127.0.0.1:\(listener.port)"], ["--count", "20", "--interval", "10"])
        let ours = samples(try #require(reports.first)).compactMap { $0 }.sorted()
        var curls: [Double] = []
        for _ in 0..<20 {
            let curl = try Command.run([
                "curl", "-s", "-o", "/dev/null", "--max-time", "0.05",
                "-w", "%{time_connect}", "http://127.0.0.1:\(listener.port)/",
            ])
            if let seconds = Double(curl.stdout) { curls.append(seconds * 1e9) }
        }
        curls.sort()
        let ourMedian: Double = Double(ours[ours.count / 2])
        let curlMedian: Double = try #require(curls.isEmpty ? nil : curls[curls.count / 2])
        #expect(ourMedian > 0.0 && curlMedian > 0.0)
        #expect(abs(ourMedian - curlMedian) < 2_000_000, "medians within 2 ms: netagent \(ourMedian) ns, curl \(curlMedian) ns")
    }

    @Test func anInterruptPrintsWhatWasMeasuredSoFarOnceAndExitsLikePing() throws {
        let listener = try TCPListener()
        let probe = try BackgroundProcess(
            [
                TestEnvironment.netagent, "probe", "--enable", "tcpconnect", "--target", "127.0.0.1:\(listener.port)",
                "--count", "1000", "--interval", "100", "--json",
            ], settleMS: 1000)
        let (status, output) = probe.interrupt()
        #expect(status == 0, "a reply came, so it exits 0 as ping does: \(probe.stderr)")
        #expect(probe.stderr.isEmpty, "no error for an interrupt: \(probe.stderr)")
        let json = try JSONSerialization.jsonObject(with: output) as? [String: Any]
        let report = try #require((json?["targets"] as? [[String: Any]])?.first, "\(probe.stdout)")
        let sent = (report["samples_ns"] as? [Any])?.count ?? 0
        #expect((3...30).contains(sent), "about 10 attempts in a second, not 1000: \(sent)")
        #expect((report["statistics"] as? [String: Any])?["received"] as? Int == sent)
    }

    @Test func anInterruptWithoutAReplyExitsOne() throws {
        let port = try closedTCPPort()
        let probe = try BackgroundProcess(
            [
                TestEnvironment.netagent, "probe", "--enable", "tcpconnect", "--target", "127.0.0.1:\(port)", "--count", "1000",
                "--interval", "100",
            ],
            settleMS: 700)
        let (status, _) = probe.interrupt()
        #expect(status == 1)
        #expect(probe.stdout.contains("100.0"), "the statistics are printed: \(probe.stdout)")
    }
}
