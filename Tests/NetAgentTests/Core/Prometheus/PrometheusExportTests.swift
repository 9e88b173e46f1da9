import Foundation
import Testing

@testable import NetAgentCore

/// `--prometheus FILE` output, read back by the Prometheus project's own Python parser
/// (Debian's python3-prometheus-client), as the node_exporter textfile collector would.
@Suite struct PrometheusExportTests {
    /// Parses exposition text and returns "name{label=value,...} value" lines, sorted.
    func parse(_ path: String) throws -> [String] {
        let script = """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                for sample in family.samples:
                    labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
                    print(f"{family.type} {sample.name}{{{labels}}} {sample.value}")
            """
        let result = try Command.run(["/usr/bin/python3", "-c", script, path])
        guard result.status == 0 else { throw TestFailure("prometheus_client rejected the file: \(result.stderr)") }
        return result.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test func probeResultsParseWithBlackboxNamesAndAnRTTHistogram() throws {
        let listener = try TCPListener()
        let directory = try TemporaryDirectory()
        let file = directory.path + "/netagent.prom"
        let result = try Command.netagent([
            "probe", "--enable", "tcpconnect", "--target", "127.0.0.1:\(listener.port)",
            "--count", "5", "--interval", "1", "--prometheus", file,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let samples = try parse(file)
        let labels = "module=tcpconnect,target=127.0.0.1:\(listener.port)"
        #expect(samples.contains("gauge probe_success{\(labels)} 1.0"))
        #expect(samples.contains { $0.hasPrefix("gauge probe_duration_seconds{\(labels)} ") })
        #expect(samples.contains("histogram netagent_probe_rtt_seconds_count{\(labels)} 5.0"))
        #expect(samples.contains("histogram netagent_probe_rtt_seconds_bucket{le=+Inf,\(labels)} 5.0"))
        #expect(samples.contains("gauge netagent_probe_loss_ratio{\(labels)} 0.0"))
        #expect(samples.contains { $0.hasPrefix("gauge netagent_probe_rtt_p99_seconds{\(labels)} ") })
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o644, "the textfile collector runs as another user")
    }

    @Test func httpPhasesAreSplitAsBlackboxExporterSplitsThem() throws {
        let server = try LocalHTTPServer(delayMS: 20)
        let directory = try TemporaryDirectory()
        let file = directory.path + "/netagent.prom"
        let result = try Command.netagent([
            "probe", "--enable", "http", "--target", server.url, "--count", "3", "--interval", "1", "--prometheus", file,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let samples = try parse(file)
        let phases = samples.filter { $0.hasPrefix("gauge probe_http_duration_seconds{") }
        for phase in ["resolve", "connect", "tls", "processing", "transfer"] {
            #expect(phases.contains { $0.contains("phase=\(phase),") }, "no \(phase) phase in \(phases)")
        }
        let processing = try #require(phases.first { $0.contains("phase=processing,") }?.split(separator: " ").last.flatMap { Double($0) })
        #expect(processing >= 0.020, "processing includes the server's 20 ms")
    }

    @Test func anHTTPSProbeReportsStatusVersionAndTheCertificatesExpiryAsBlackboxDoes() throws {
        let server = try LocalHTTPServer(delayMS: 0, tls: true)
        let certificate = try #require(server.certificate)
        let directory = try TemporaryDirectory()
        try directory.write("netagent.toml", "[http]\nca_file = \"\(certificate)\"\nhttp_version = \"1.1\"\n")
        let file = directory.path + "/netagent.prom"
        let result = try Command.netagent([
            "probe", "--config", directory.path + "/netagent.toml", "--enable", "http", "--target", server.url, "--count", "2",
            "--interval", "1", "--prometheus", file,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let samples = try parse(file)
        let labels = "module=http,target=\(server.url)"
        #expect(samples.contains("gauge probe_http_status_code{\(labels)} 200.0"), "\(samples)")
        #expect(samples.contains("gauge probe_http_version{\(labels)} 1.1"))
        #expect(samples.contains("counter netagent_probe_http_responses_total{code=200,\(labels)} 2.0"))
        // openssl's own reading of the certificate's notAfter, as Unix seconds.
        let notAfter = try Command.run(["openssl", "x509", "-in", certificate, "-noout", "-enddate"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "notAfter=", with: "")
        let epoch = try Command.run(["date", "-u", "-d", notAfter, "+%s"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(samples.contains("gauge probe_ssl_earliest_cert_expiry{\(labels)} \(Double(epoch) ?? 0)"), "notAfter \(notAfter)")
        #expect(!samples.contains { $0.contains("netagent_probe_events") }, "no family mixing units")
    }

    @Test func familiesComeSortedAndExactValuesWithoutFloatNoise() throws {
        let listener = try TCPListener()
        let directory = try TemporaryDirectory()
        let file = directory.path + "/netagent.prom"
        let result = try Command.netagent([
            "probe", "--enable", "tcpconnect", "--target", "127.0.0.1:\(listener.port)", "--count", "7", "--interval", "1",
            "--prometheus", file, "--json",
        ])
        let report = try #require((try result.json()["targets"] as? [[String: Any]])?.first)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let families = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { String($0.split(separator: " ")[2]) }
        #expect(families == families.sorted() && families.count > 5, "\(families)")
        // The median is one sample: its value in seconds is that sample's nanoseconds / 1e9 exactly.
        let samples = (report["samples_ns"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.int64Value }.sorted()
        let median = samples[(samples.count + 1) / 2 - 1]
        let line = text.split(separator: "\n").first { $0.hasPrefix("netagent_probe_rtt_p50_seconds{") }
        #expect(line?.hasSuffix(" \(Double(median) / 1e9)") == true, "\(line ?? "") vs \(median) ns")
    }

    @Test func aRatedCallExportsItsMOSRJitterAndBurstRatio() throws {
        let port = 40_000 + Int(getpid() % 20_000)
        let server = try BackgroundProcess([TestEnvironment.netagent, "serve-echo", "--listen", "127.0.0.1:\(port)"])
        let directory = try TemporaryDirectory()
        let file = directory.path + "/netagent.prom"
        let result = try withExtendedLifetime(server) {
            try Command.netagent([
                "probe", "--enable", "voice", "--target", "udp:127.0.0.1:\(port)", "--count", "20", "--interval", "5", "--prometheus", file,
            ])
        }
        #expect(result.status == 0, "\(result.stderr)")
        let samples = try parse(file)
        let labels = "codec=g711,module=voice,target=udp:127.0.0.1:\(port)"
        for family in ["netagent_voice_mos", "netagent_voice_r", "netagent_voice_jitter_seconds", "netagent_voice_one_way_delay_seconds"] {
            #expect(samples.contains { $0.hasPrefix("gauge \(family){\(labels)} ") }, "\(family) in \(samples)")
        }
        #expect(samples.contains("gauge netagent_voice_burst_ratio{\(labels)} 1.0"))
        let mos = samples.first { $0.hasPrefix("gauge netagent_voice_mos{") }.flatMap { Double($0.split(separator: " ").last ?? "") }
        #expect((4.3...4.5).contains(mos ?? 0), "a loopback call rates near the model's best: \(mos ?? 0)")
    }

    @Test func targetsWithQuotesAndBackslashesAreEscaped() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/netagent.prom"
        _ = try Command.netagent(["probe", "--enable", "tcpconnect", "--target", "we\"ird\\name:1", "--count", "1", "--prometheus", file])
        let samples = try parse(file)
        #expect(samples.contains("gauge probe_success{module=tcpconnect,target=we\"ird\\name:1} 0.0"))
    }

    @Test func aTargetReportedTwiceFarApartIsOneSeriesWhateverGroupItsRecordedIn() throws {
        func report(_ target: String, sent: Int) -> TargetReport {
            TargetReport(
                module: "icmp",
                raw: RawTargetResult(
                    target: target, samplesNS: Array(repeating: 1_000_000, count: sent), errors: nil, error: nil, phasesNS: nil,
                    counters: nil, timestampSource: nil, call: nil))
        }
        let reports = [report("t0", sent: 2)] + (1..<150).map { report("t\($0)", sent: 1) } + [report("t0", sent: 3)]
        let directory = try TemporaryDirectory()
        try PrometheusExport.write(reports, durations: [:], to: directory.path + "/netagent.prom")
        let lines = try #require(directory.read("netagent.prom")).split(separator: "\n")
        #expect(
            lines.filter { $0.hasPrefix(#"netagent_probe_sent_total{module="icmp",target="t0"}"#) } == [
                #"netagent_probe_sent_total{module="icmp",target="t0"} 5"#
            ])
        #expect(lines.filter { $0.hasPrefix("probe_success{") }.count == 150)
        #expect(lines.filter { $0 == "# TYPE netagent_probe_sent_total counter" }.count == 1)
    }
}
