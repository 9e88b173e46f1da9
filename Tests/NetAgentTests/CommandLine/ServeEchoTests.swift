import Foundation
import Glibc
import Testing

/// `netagent serve-echo` answers UDP probes across namespaces, and drops what is malformed or
/// oversized, counting it, without stopping.
@Suite(.enabled(if: TestEnvironment.isRoot, "needs root for network namespaces"))
struct ServeEchoTests {
    /// The udpecho example probe's samples against far's reflector, from near.
    func probe(_ pair: NamespacePair, modules: TemporaryDirectory) throws -> [Any] {
        let result = try Command.netagent(
            [
                "probe", "--module-path", modules.path, "--enable", "udpecho", "--target", NamespacePair.farAddresses[0] + ":7",
                "--count", "5", "--interval", "10", "--json",
            ], namespace: pair.near.name)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require((try result.json()["targets"] as? [[String: Any]])?.first)
        return report["samples_ns"] as? [Any] ?? []
    }

    @Test func itEchoesAcrossNamespacesAndDropsEmptyAndOversizedDatagramsCountingThem() throws {
        let pair = try NamespacePair()
        let modules = try TemporaryDirectory()
        try FixtureModule.buildExampleProbe(to: modules.path + "/libnetagent-udpecho.so")
        let server = try BackgroundProcess(
            [TestEnvironment.netagent, "serve-echo", "--listen", NamespacePair.farAddresses[0] + ":7", "--json"], namespace: pair.far.name)

        let first = try probe(pair, modules: modules)
        #expect(first.count == 5 && first.allSatisfy { $0 is NSNumber }, "\(first)")
        try pair.near.run([
            "python3", "-c",
            "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
                + "s.sendto(b'', ('\(NamespacePair.farAddresses[0])', 7)); s.sendto(b'x' * 2000, ('\(NamespacePair.farAddresses[0])', 7))",
        ])
        let second = try probe(pair, modules: modules)
        #expect(second.count == 5 && second.allSatisfy { $0 is NSNumber }, "it still answers: \(second)")

        let (status, output) = server.interrupt()
        #expect(status == 0)
        let counts = try JSONSerialization.jsonObject(with: output) as? [String: Int]
        #expect(counts == ["echoed": 10, "dropped_malformed": 1, "dropped_oversized": 1], "\(counts ?? [:])")
    }

    @Test func aListenAddressThatIsNotAddressColonPortIsAnErrorNamingIt() throws {
        let result = try Command.netagent(["serve-echo", "--listen", "nowhere"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("--listen nowhere"), "\(result.stderr)")
    }
}
