import Foundation
import Testing

/// The nic tuner on a veth pair inside a fresh network namespace, checked with the real `ethtool -k`.
@Suite(.enabled(if: TestEnvironment.isRoot, "needs root for network namespaces and SIOCETHTOOL"))
struct NICTunerTests {
    /// A namespace holding one veth pair, both ends up; returns the namespace and the tuned end's name.
    func vethNamespace() throws -> (NetworkNamespace, String) {
        let namespace = try NetworkNamespace()
        try namespace.run(["ip", "link", "add", "va", "type", "veth", "peer", "name", "vb"])
        try namespace.run(["ip", "link", "set", "va", "up"])
        try namespace.run(["ip", "link", "set", "vb", "up"])
        return (namespace, "va")
    }

    /// `ethtool -k` of an interface in the namespace: feature name to its line's value ("on", "off [fixed]").
    func offloads(_ namespace: NetworkNamespace, _ interface: String) throws -> [String: String] {
        let output = try namespace.run(["ethtool", "-k", interface]).stdout
        var features: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { features[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return features
    }

    func config(_ interface: String) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("netagent.toml", "[nic]\ninterface = \"\(interface)\"\n")
        return directory
    }

    @Test func offloadsGoOffAsEthtoolSeesThemAndRollbackRestoresEveryFeature() throws {
        let (namespace, interface) = try vethNamespace()
        // GRO on, and one TSO feature off, so the group is mixed and must be restored exactly.
        try namespace.run(["ethtool", "-K", interface, "gro", "on", "tx-tcp-mangleid-segmentation", "off"])
        let before = try namespace.run(["ethtool", "-k", interface]).stdout
        let settings = try config(interface)

        let run = try Command.netagent(
            [
                "run", "--enable", "nic", "--config", settings.path + "/netagent.toml",
                "--state-dir", settings.path, "--json",
            ], namespace: namespace.name)
        #expect(run.status == 0, "\(run.stderr)")
        let after = try offloads(namespace, interface)
        #expect(after["generic-receive-offload"] == "off")
        #expect(after["generic-segmentation-offload"] == "off")
        #expect(after["tcp-segmentation-offload"] == "off")
        let knobs = try #require(try run.json()["knobs"] as? [[String: Any]])
        let lro = knobs.first { $0["key"] as? String == "ethtool:\(interface):lro" }
        #expect(lro?["action"] as? String == "unsupported", "veth fixes LRO")
        #expect((lro?["reason"] as? String)?.contains("[fixed]") == true)

        let status = try Command.netagent(
            [
                "status", "--enable", "nic", "--config", settings.path + "/netagent.toml",
                "--state-dir", settings.path,
            ], namespace: namespace.name)
        #expect(status.status == 0, "\(status.stdout)")

        let rollback = try Command.netagent(["rollback", "--state-dir", settings.path], namespace: namespace.name)
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(try namespace.run(["ethtool", "-k", interface]).stdout == before)
    }

    @Test func offloadsTurnedBackOnBehindNetagentsBackAreDrift() throws {
        let (namespace, interface) = try vethNamespace()
        let settings = try config(interface)
        #expect(
            try Command.netagent(
                [
                    "run", "--enable", "nic", "--config", settings.path + "/netagent.toml",
                    "--state-dir", settings.path,
                ], namespace: namespace.name
            ).status == 0)
        try namespace.run(["ethtool", "-K", interface, "gso", "on"])
        let status = try Command.netagent(
            [
                "status", "--enable", "nic", "--config", settings.path + "/netagent.toml",
                "--state-dir", settings.path, "--json",
            ], namespace: namespace.name)
        #expect(status.status == 2)
        let drifted = (try status.json()["knobs"] as? [[String: Any]] ?? []).filter { $0["status"] as? String == "drifted" }
        #expect(drifted.compactMap { $0["key"] as? String } == ["ethtool:\(interface):gso"])
    }

    @Test func withoutAnInterfaceSettingTheDefaultRouteInterfaceIsTuned() throws {
        let (namespace, interface) = try vethNamespace()
        try namespace.run(["ip", "route", "add", "default", "dev", interface])
        let plan = try Command.netagent(["run", "--dry-run", "--enable", "nic", "--json"], namespace: namespace.name)
        let keys = (try plan.json()["knobs"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
        #expect(keys.first == "ethtool:\(interface):gro")
    }

    @Test func anInterfaceThatDoesNotExistIsAnErrorNamingIt() throws {
        let (namespace, _) = try vethNamespace()
        let settings = try config("nosuch0")
        let plan = try Command.netagent(
            ["run", "--dry-run", "--enable", "nic", "--config", settings.path + "/netagent.toml"],
            namespace: namespace.name)
        #expect(plan.status == 1)
        #expect(plan.stderr.contains("interface \"nosuch0\" does not exist"))
    }

    @Test func withNoDefaultRouteAndNoInterfaceTheOffloadsAreUnsupported() throws {
        let (namespace, _) = try vethNamespace()
        let plan = try Command.netagent(["run", "--dry-run", "--enable", "nic", "--json"], namespace: namespace.name)
        let knobs = try #require(try plan.json()["knobs"] as? [[String: Any]])
        #expect(knobs.count == 4)
        #expect(knobs.allSatisfy { ($0["reason"] as? String)?.contains("no default route") == true })
    }
}
