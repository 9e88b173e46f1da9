import Foundation
import Testing

/// The C module in contrib/example-probe (json-c), built with plain `cc` against the header and loaded by the host.
@Suite struct ExampleProbeTests {
    func buildExample(into directory: TemporaryDirectory) throws {
        try FixtureModule.buildExampleProbe(to: directory.path + "/libnetagent-udpecho.so")
    }

    @Test func theCProbeIsListedAsLoaded() throws {
        let modules = try TemporaryDirectory()
        try buildExample(into: modules)
        let list = try Command.netagent(["list-modules", "--module-path", modules.path, "--json"])
        let records = try #require(try list.json()["modules"] as? [[String: Any]])
        let udpecho = try #require(records.first { $0["name"] as? String == "udpecho" })
        #expect(udpecho["state"] as? String == "loaded")
        #expect(udpecho["kind"] as? String == "probe")
        #expect(udpecho["origin"] as? String == "--module-path")
    }

    @Test func theCProbeMeasuresAnEchoServerThroughTheHost() throws {
        let modules = try TemporaryDirectory()
        try buildExample(into: modules)
        let server = try UDPEchoServer()
        let result = try Command.netagent([
            "probe", "--module-path", modules.path, "--enable", "udpecho", "--target", "127.0.0.1:\(server.port)",
            "--count", "5", "--interval", "5", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require((try result.json()["targets"] as? [[String: Any]])?.first)
        let samples = (report["samples_ns"] as? [Any] ?? []).map { ($0 as? NSNumber)?.int64Value }
        #expect(samples.count == 5)
        #expect(samples.allSatisfy { ($0 ?? 0) > 0 })
        #expect((report["statistics"] as? [String: Any])?["received"] as? Int == 5)
    }

    @Test func theCProbeRefusesAMalformedTargetAsAUsageError() throws {
        let modules = try TemporaryDirectory()
        try buildExample(into: modules)
        let result = try Command.netagent([
            "probe", "--module-path", modules.path, "--enable", "udpecho", "--target", "127.0.0.1", "--count", "1",
        ])
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("target \"127.0.0.1\": expected host:port"), "\(result.stderr)")
    }
}
