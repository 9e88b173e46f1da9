import Foundation
import Testing

/// The http probe against a local server that answers after 20 ms, compared with `curl -w`
/// on the same URL at the same time. The medians of the time to first byte must agree within
/// 10 ms: both include the server's 20 ms, and a TLS handshake on a busy 2-core machine varies
/// by several milliseconds from one request to the next.
@Suite struct HTTPProbeTests {
    static let delayMS = 20

    func probe(_ url: String, config: String = "", count: Int = 10) throws -> [String: Any] {
        let settings = try TemporaryDirectory()
        try settings.write("netagent.toml", config)
        let result = try Command.netagent([
            "probe", "--enable", "http", "--target", url, "--count", "\(count)", "--interval", "5",
            "--config", settings.path + "/netagent.toml", "--json",
        ])
        return try #require((try result.json()["targets"] as? [[String: Any]])?.first, "\(result.stderr)")
    }

    func phases(_ report: [String: Any]) -> [String: [Double?]] {
        (report["phases_ns"] as? [String: [Any]] ?? [:]).mapValues { $0.map { ($0 as? NSNumber)?.doubleValue } }
    }

    /// curl's time_starttransfer for `url`, `count` times, in nanoseconds.
    static func curlTTFB(_ url: String, count: Int, extra: [String] = []) throws -> [Double] {
        try (0..<count).compactMap { _ in
            let result = try Command.run(["curl", "-s", "-o", "/dev/null", "-w", "%{time_starttransfer}"] + extra + [url])
            return Double(result.stdout).map { $0 * 1e9 }
        }
    }

    @Test func phasesAreOrderedAndTheFirstByteWaitsForTheServersDelay() throws {
        let server = try LocalHTTPServer(delayMS: Self.delayMS)
        let report = try probe(server.url)
        let measured = phases(report)
        #expect(measured["tls"] == nil, "no TLS phase over plain HTTP")
        for attempt in 0..<10 {
            let dns = try #require(measured["dns"]?[attempt] ?? nil)
            let connect = try #require(measured["connect"]?[attempt] ?? nil)
            let ttfb = try #require(measured["ttfb"]?[attempt] ?? nil)
            let total = try #require(measured["total"]?[attempt] ?? nil)
            #expect(dns <= connect && connect <= ttfb && ttfb <= total)
            #expect(ttfb >= Double(Self.delayMS) * 1e6, "ttfb \(ttfb) ns is at least the server's \(Self.delayMS) ms")
        }
        #expect((report["counters"] as? [String: Int])?["status_200"] == 10)
    }

    @Test func timeToFirstByteAgreesWithCurlOnTheSameURL() throws {
        let server = try LocalHTTPServer(delayMS: Self.delayMS)
        let url = server.url
        let (curl, report) = try Concurrently.run({ ReferenceTools.median(try Self.curlTTFB(url, count: 10)) }, { try probe(url) })
        let ours = ReferenceTools.median((phases(report)["ttfb"] ?? []).compactMap { $0 })
        #expect(abs(ours - curl) < 10_000_000, "medians within 10 ms: netagent \(ours) ns, curl \(curl) ns")
    }

    @Test func httpsAddsATLSPhaseBetweenConnectAndFirstByte() throws {
        let server = try LocalHTTPServer(delayMS: Self.delayMS, tls: true)
        let certificate = try #require(server.certificate)
        let config = "[http]\nca_file = \"\(certificate)\"\n"
        let measured = phases(try probe(server.url, config: config))
        for attempt in 0..<10 {
            let connect = try #require(measured["connect"]?[attempt] ?? nil)
            let tls = try #require(measured["tls"]?[attempt] ?? nil)
            let ttfb = try #require(measured["ttfb"]?[attempt] ?? nil)
            #expect(connect < tls && tls < ttfb)
        }
        // Pairs taken one after the other, so each pair sees the same load on a busy machine.
        var ours: [Double] = []
        var curl: [Double] = []
        for _ in 0..<7 {
            curl += try Self.curlTTFB(server.url, count: 1, extra: ["--cacert", certificate])
            ours += (phases(try probe(server.url, config: config, count: 1))["ttfb"] ?? []).compactMap { $0 }
        }
        let difference = abs(ReferenceTools.median(ours) - ReferenceTools.median(curl))
        #expect(difference < 10_000_000, "medians within 10 ms: netagent \(ours) ns, curl \(curl) ns")
    }

    @Test func anUntrustedCertificateFailsEveryAttemptWithTheReason() throws {
        let server = try LocalHTTPServer(delayMS: 0, tls: true)
        let report = try probe(server.url, count: 2)
        #expect((report["samples_ns"] as? [Any])?.count == 2)
        #expect((report["samples_ns"] as? [Any])?.allSatisfy { $0 is NSNull } == true)
        #expect((report["errors"] as? [String])?.first?.lowercased().contains("certificate") == true)
    }

    @Test func verifyTLSFalseAcceptsASelfSignedServer() throws {
        let server = try LocalHTTPServer(delayMS: 0, tls: true)
        let report = try probe(server.url, config: "[http]\nverify_tls = false\n", count: 2)
        #expect((report["samples_ns"] as? [Any])?.count == 2)
        #expect((report["samples_ns"] as? [Any])?.allSatisfy { $0 is NSNumber } == true)
    }

    @Test func reuseTimesLaterRequestsWithoutANewHandshake() throws {
        let server = try LocalHTTPServer(delayMS: 0, tls: true)
        let certificate = try #require(server.certificate)
        let report = try probe(server.url, config: "[http]\nreuse = true\nca_file = \"\(certificate)\"\n", count: 5)
        let tls = phases(report)["tls"] ?? []
        #expect(tls.count == 5, "\(tls)")
        #expect(tls.first.flatMap { $0 } != nil, "the first request makes the TLS handshake")
        #expect(tls.dropFirst().allSatisfy { $0 == nil }, "later requests reuse the connection: \(tls)")
    }

    @Test func aTargetThatIsNotAURLIsAUsageErrorAndNothingIsMeasured() throws {
        let result = try Command.netagent(["probe", "--enable", "http", "--target", "127.0.0.1:80", "--count", "1", "--json"])
        #expect(result.status == 4, "\(result.stdout)\(result.stderr)")
        let failed = try #require((try result.json()["failed_probes"] as? [[String: Any]])?.first)
        #expect((failed["error"] as? String)?.contains("target \"127.0.0.1:80\": not an http:// or https:// URL") == true, "\(failed)")
        #expect((try result.json()["targets"] as? [Any])?.isEmpty == true)
    }

    @Test func aClosedPortIsAFailedAttemptNotAZero() throws {
        let port = try closedTCPPort()
        let report = try probe("http://127.0.0.1:\(port)/", count: 2)
        #expect((report["samples_ns"] as? [Any])?.count == 2)
        #expect((report["samples_ns"] as? [Any])?.allSatisfy { $0 is NSNull } == true)
        #expect((report["errors"] as? [String])?.isEmpty == false)
    }

    @Test func http2IsSpokenWithPriorKnowledgeOverCleartextAndByALPNOverTLS() throws {
        let documents = try TemporaryDirectory()
        try documents.write("index.html", "netagent\n")
        let certificate = try TemporaryDirectory()
        try Command.check([
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", certificate.path + "/key.pem", "-out", certificate.path + "/cert.pem",
        ])
        let cleartext = try HTTP2Server(documents: documents.path)
        let tls = try HTTP2Server(
            documents: documents.path, key: certificate.path + "/key.pem", certificate: certificate.path + "/cert.pem")

        let plain = try probe("http://127.0.0.1:\(cleartext.port)/index.html", config: "[http]\nhttp_version = \"2\"\n", count: 3)
        #expect((plain["counters"] as? [String: Int])?["http_version_2"] == 3, "\(plain)")
        let secure = try probe(
            "https://127.0.0.1:\(tls.port)/index.html",
            config: "[http]\nhttp_version = \"2\"\nca_file = \"\(certificate.path)/cert.pem\"\n", count: 3)
        #expect((secure["counters"] as? [String: Int])?["http_version_2"] == 3, "\(secure)")
        #expect(phases(secure)["tls"]?.count == 3)
        #expect(phases(secure)["tls"]?.allSatisfy { $0 != nil } == true)
    }

    @Test func anUnknownHTTPVersionIsAConfigError() throws {
        let settings = try TemporaryDirectory()
        try settings.write("netagent.toml", "[http]\nhttp_version = \"3\"\n")
        let result = try Command.netagent([
            "probe", "--enable", "http", "--target", "http://127.0.0.1:1/", "--count", "1",
            "--config", settings.path + "/netagent.toml",
        ])
        #expect(result.status == 4, "a value the probe refuses is a config error")
        #expect(result.stderr.contains("http_version = \"3\""))
    }
}

/// nghttpd, the nghttp2 project's HTTP/2 server, on a free loopback port for one test.
final class HTTP2Server {
    let process = Process()
    let port: UInt16

    init(documents: String, key: String? = nil, certificate: String? = nil) throws {
        port = try closedTCPPort()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nghttpd")
        var arguments = ["--address=127.0.0.1", "-d", documents]
        arguments += key.flatMap { key in certificate.map { ["\(port)", key, $0] } } ?? ["--no-tls", "\(port)"]
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            let ready =
                key == nil
                ? ["curl", "-s", "-o", "/dev/null", "--max-time", "1", "--http2-prior-knowledge", "http://127.0.0.1:\(port)/"]
                : ["curl", "-s", "-o", "/dev/null", "--max-time", "1", "-k", "https://127.0.0.1:\(port)/"]
            if (try? Command.run(ready))?.status == 0 { return }
            usleep(50_000)
        }
        throw TestFailure("nghttpd did not start on port \(port)")
    }

    /// SIGKILL: the test runner's threads block SIGTERM for their children.
    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
