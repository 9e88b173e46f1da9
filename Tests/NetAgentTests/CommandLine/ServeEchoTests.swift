import Foundation
import Glibc
import Testing

/// `netagent serve-echo` across namespaces: it answers netagent's probes and nothing that could
/// make it a weapon (netagent/echo.h): not a forged datagram from a privileged port, not another
/// reflector's reply, not a flood beyond a source's rate; and it runs without root once bound.
/// Every test here but the first two failed on 15b0cee, whose reflector answered anything.
@Suite(.enabled(if: TestEnvironment.isRoot, "needs root for network namespaces and raw sockets"))
struct ServeEchoTests {
    static let port = "9988"
    static let far = NamespacePair.farAddresses[0]

    /// A reflector on far's first address.
    func reflector(_ pair: NamespacePair) throws -> BackgroundProcess {
        try BackgroundProcess(
            [TestEnvironment.netagent, "serve-echo", "--listen", Self.far + ":" + Self.port, "--json"], namespace: pair.far.name)
    }

    /// What a reflector counted, once interrupted.
    func counts(_ reflector: BackgroundProcess) throws -> [String: Int] {
        let (status, output) = reflector.interrupt()
        #expect(status == 0)
        return try #require(try JSONSerialization.jsonObject(with: output) as? [String: Int], "\(String(decoding: output, as: UTF8.self))")
    }

    /// The udpecho example probe's samples against far's reflector, from near.
    func probe(_ pair: NamespacePair, modules: TemporaryDirectory) throws -> [Any] {
        let result = try Command.netagent(
            [
                "probe", "--module-path", modules.path, "--enable", "udpecho", "--target", Self.far + ":" + Self.port,
                "--count", "5", "--interval", "10", "--json",
            ], namespace: pair.near.name)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require((try result.json()["targets"] as? [[String: Any]])?.first)
        return report["samples_ns"] as? [Any] ?? []
    }

    /// The voice probe's report of `count` frames to far's reflector, from near.
    func call(_ pair: NamespacePair, count: Int) throws -> [String: Any] {
        let result = try Command.netagent(
            ["probe", "--enable", "voice", "--target", "udp:\(Self.far):\(Self.port)", "--count", "\(count)", "--json"],
            namespace: pair.near.name)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require((try result.json()["targets"] as? [[String: Any]])?.first?["voice"] as? [String: Any], "\(result.stdout)")
    }

    @Test func itEchoesNetagentsProbesAndCountsWhatItRefusesByReason() throws {
        let pair = try NamespacePair()
        let modules = try TemporaryDirectory()
        try FixtureModule.buildExampleProbe(to: modules.path + "/libnetagent-udpecho.so")
        let server = try reflector(pair)
        let first = try probe(pair, modules: modules)
        #expect(first.count == 5 && first.allSatisfy { $0 is NSNumber }, "\(first)")
        try pair.near.run([
            "python3", "-c",
            "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); a = ('\(Self.far)', \(Self.port)); "
                + "s.sendto(b'', a); s.sendto(b'NAEC\\x01\\x00\\x00\\x00' + b'x' * 2000, a); s.sendto(b'hello, echo', a)",
        ])
        let second = try probe(pair, modules: modules)
        #expect(second.count == 5 && second.allSatisfy { $0 is NSNumber }, "it still answers: \(second)")
        let counts = try counts(server)
        #expect(counts["echoed"] == 10 && counts["dropped_malformed"] == 1, "\(counts)")
        #expect(counts["dropped_oversized"] == 1 && counts["dropped_not_netagent"] == 1, "\(counts)")
    }

    @Test func aListenAddressThatIsNotAddressColonPortIsAnErrorNamingIt() throws {
        let result = try Command.netagent(["serve-echo", "--listen", "nowhere"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("--listen nowhere"), "\(result.stderr)")
    }

    @Test(arguments: [["--source-pps", "0"], ["--total-kbps", "99999999999999999"]])
    func aRateOutOfRangeIsAUsageErrorNamingTheOption(arguments: [String]) throws {
        let result = try Command.netagent(["serve-echo"] + arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(arguments[0]), "\(result.stderr)")
    }

    @Test func aForgedRequestFromPortSevenIsNotAnsweredNotEvenOnTheWire() throws {
        let pair = try NamespacePair()
        try pair.far.run(["nft", "add", "table", "inet", "echo"])
        try pair.far.run(["nft", "add", "chain", "inet", "echo", "out", "{ type filter hook output priority 0 ; }"])
        try pair.far.run(["nft", "add", "rule", "inet", "echo", "out", "udp", "sport", Self.port, "counter"])
        let server = try reflector(pair)
        // As if B's echo service (port 7) had sent it: answering would start a loop with it.
        try pair.near.run([
            "python3", TestEnvironment.packageRoot + "/Tests/Fixtures/forged_udp.py", NamespacePair.nearAddress, "7", Self.far, Self.port,
            "4e41454301000000" + "70726f6265",
        ])
        usleep(300_000)
        let counts = try counts(server)
        #expect(counts["echoed"] == 0 && counts["dropped_privileged_port"] == 1, "\(counts)")
        let listing = try pair.far.run(["nft", "list", "table", "inet", "echo"]).stdout
        #expect(listing.contains("counter packets 0 "), "nothing left far from the reflector's port:\n\(listing)")
    }

    @Test func twoReflectorsPointedAtEachOtherExchangeOnePacketAtMost() throws {
        let pair = try NamespacePair()
        let a = try reflector(pair)
        let b = try BackgroundProcess(
            [TestEnvironment.netagent, "serve-echo", "--listen", NamespacePair.nearAddress + ":" + Self.port, "--json"],
            namespace: pair.near.name)
        // One request to A that claims to come from B: A answers B, B refuses A's reply.
        try pair.near.run([
            "python3", TestEnvironment.packageRoot + "/Tests/Fixtures/forged_udp.py", NamespacePair.nearAddress, Self.port, Self.far,
            Self.port, "4e41454301000000" + "6c6f6f70",
        ])
        usleep(500_000)
        let fromA = try counts(a)
        let fromB = try counts(b)
        #expect(fromA["echoed"] == 1, "A answered the request: \(fromA)")
        #expect(fromB["echoed"] == 0 && fromB["dropped_reply"] == 1, "B refused A's reply: \(fromB)")
        #expect(fromA["dropped_reply"] == 0, "nothing came back to A: \(fromA)")
    }

    @Test func aFloodFromOneSourceIsCutToItsRateWhileACallFromAnotherKeepsItsRating() throws {
        let pair = try NamespacePair()
        let flooder = "169.254.231.5"
        try pair.near.run(["ip", "addr", "add", flooder + "/29", "dev", "va"])
        let server = try reflector(pair)
        let clean = try call(pair, count: 150)
        // 5000 requests a second for 4 s from the flooder's address, 25 times its rate.
        let flood = try BackgroundProcess(
            [
                "/usr/bin/python3", TestEnvironment.packageRoot + "/Tests/Fixtures/echo_flood.py", flooder, Self.far, Self.port, "5000",
                "4",
            ], namespace: pair.near.name, settleMS: 200)
        let flooded = try call(pair, count: 150)
        #expect(flood.waitForExit(timeoutMS: 10_000) == 0, "\(flood.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(flood.stdout.utf8)) as? [String: Int], "\(flood.stdout)")
        let sent = result["sent"] ?? 0
        let answered = result["answered"] ?? 0
        #expect(sent >= 15_000, "the flood was a flood: \(result)")
        // A second's burst (200), then 200 a second for 4 s.
        #expect((800...1_050).contains(answered), "the flood got its rate and no more: \(result)")
        let cleanR = try #require(clean["r"] as? Double)
        let floodedR = try #require(flooded["r"] as? Double)
        #expect(abs(cleanR - floodedR) <= 1, "R \(cleanR) clean, \(floodedR) during the flood")
        #expect(flooded["loss_percent"] as? Double == 0, "\(flooded)")
        let counts = try counts(server)
        #expect((counts["dropped_source_rate"] ?? 0) >= sent / 2, "counted as over the source's rate: \(counts)")
    }

    @Test func afterBindingItRunsAsAnUnprivilegedUserWithNoCapabilities() throws {
        let pair = try NamespacePair()
        let server = try reflector(pair)
        let status = try String(contentsOfFile: "/proc/\(server.pid)/status", encoding: .utf8).split(separator: "\n")
        func field(_ name: String) -> [Substring] {
            status.first { $0.hasPrefix(name + ":") }?.dropFirst(name.count + 1).split(whereSeparator: \.isWhitespace) ?? []
        }
        #expect(!field("Uid").isEmpty && !field("Uid").contains("0"), "real, effective, saved and fs uid: \(field("Uid"))")
        #expect(!field("Gid").isEmpty && !field("Gid").contains("0"), "\(field("Gid"))")
        #expect(field("CapEff") == ["0000000000000000"] && field("CapPrm") == ["0000000000000000"], "\(status)")
        #expect(field("NoNewPrivs") == ["1"])
        _ = try counts(server)
    }
}
