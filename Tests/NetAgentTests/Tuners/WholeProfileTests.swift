import Foundation
import Testing

/// Every tuner at once, as an administrator runs it: inside a network namespace with a veth
/// pair for the nic tuner, and a `--root` tree for every file, sysfs and sysctl knob.
@Suite(.enabled(if: TestEnvironment.isRoot, "needs root for network namespaces, SIOCETHTOOL and chattr"))
struct WholeProfileTests {
    static let tuners = "nic,tcp,buffers,bbr,thp,limits,dns"

    /// A host's state as it looks before a run: the tree, the namespace's own sysctls, and the NIC.
    struct Host {
        let namespace: NetworkNamespace
        let tree: TemporaryDirectory
        let config: TemporaryDirectory

        init() throws {
            namespace = try NetworkNamespace()
            try namespace.run(["ip", "link", "add", "va", "type", "veth", "peer", "name", "vb"])
            try namespace.run(["ip", "link", "set", "va", "up"])
            try namespace.run(["ethtool", "-K", "va", "gro", "on"])
            tree = try TemporaryDirectory()
            let sysctls = [
                "net/ipv4/tcp_fastopen": "1", "net/ipv4/tcp_sack": "1", "net/ipv4/tcp_slow_start_after_idle": "1",
                "net/ipv4/tcp_notsent_lowat": "4294967295", "net/ipv4/tcp_autocorking": "1", "net/ipv4/tcp_low_latency": "0",
                "net/ipv4/tcp_rmem": "4096 131072 6291456", "net/ipv4/tcp_wmem": "4096 16384 4194304",
                "net/core/rmem_default": "212992", "net/core/rmem_max": "212992",
                "net/core/wmem_default": "212992", "net/core/wmem_max": "212992",
                "net/ipv4/tcp_congestion_control": "cubic", "net/ipv4/tcp_available_congestion_control": "reno cubic bbr",
                "net/core/default_qdisc": "pfifo_fast", "kernel/osrelease": "6.8.0-41-generic",
                "fs/file-max": "1000000", "fs/nr_open": "1048576",
            ]
            for (name, value) in sysctls { try tree.write("proc/sys/" + name, value + "\n") }
            try tree.write("sys/kernel/mm/transparent_hugepage/enabled", "madvise\n")
            try tree.write("sys/kernel/mm/transparent_hugepage/defrag", "madvise\n")
            try tree.write("etc/security/limits.d/10-admin.conf", "@audio - rtprio 95\n")
            try tree.write("etc/systemd/system.conf", "[Manager]\n")
            try tree.write("run/resolvconf/resolv.conf", "nameserver 192.0.2.53\noptions edns0\n")
            try FileManager.default.createSymbolicLink(
                atPath: tree.path + "/etc/resolv.conf", withDestinationPath: "../run/resolvconf/resolv.conf")
            config = try TemporaryDirectory()
            try config.write("netagent.toml", "[nic]\ninterface = \"va\"\n")
        }

        /// Everything a run may touch, to compare before and after.
        func snapshot() throws -> [String: String] {
            var state = try tree.snapshot()
            state["ethtool -k va"] = try namespace.run(["ethtool", "-k", "va"]).stdout
            // tcp_allowed_congestion_control reads the init namespace's list, which tests running
            // beside this one change (CongestionControlAllowance): not this namespace's state.
            state["namespace sysctls"] = try namespace.run(["sysctl", "net.ipv4"]).stdout.split(separator: "\n")
                .filter { !$0.hasPrefix("net.ipv4.tcp_allowed_congestion_control") }.joined(separator: "\n")
            return state
        }

        func netagent(_ arguments: [String]) throws -> CommandResult {
            try Command.netagent(arguments + ["--root", tree.path, "--state-dir", config.path], namespace: namespace.name)
        }
    }

    @Test func anAggressiveRunOfEveryTunerIsUndoneByRollbackExactly() throws {
        let host = try Host()
        let before = try host.snapshot()
        let run = try host.netagent([
            "run", "--profile", "aggressive", "--enable", Self.tuners,
            "--config", host.config.path + "/netagent.toml", "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let transaction = try #require(try run.json()["transaction"] as? [String: Any])
        let modules = Set((transaction["changes"] as? [[String: Any]] ?? []).compactMap { $0["module"] as? String })
        #expect(modules == ["nic", "tcp", "buffers", "bbr", "thp", "limits", "dns"])
        #expect(
            try host.netagent([
                "status", "--profile", "aggressive", "--enable", Self.tuners,
                "--config", host.config.path + "/netagent.toml",
            ]).status == 0)

        let rollback = try host.netagent(["rollback"])
        #expect(rollback.status == 0, "\(rollback.stderr)")
        let after = try host.snapshot()
        #expect(after == before, "changed: \(after.keys.filter { after[$0] != before[$0] }.sorted())")
    }

    @Test func aKnobThatCannotBeWrittenLastLeavesEveryOtherTunerAsItWas() throws {
        let host = try Host()
        try Command.check(["chattr", "+i", host.tree.path + "/run/resolvconf/resolv.conf"])
        defer { _ = try? Command.run(["chattr", "-i", host.tree.path + "/run/resolvconf/resolv.conf"]) }
        let before = try host.snapshot()
        let run = try host.netagent([
            "run", "--profile", "aggressive", "--enable", Self.tuners,
            "--config", host.config.path + "/netagent.toml",
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("resolv.conf"))
        #expect(run.stderr.contains("every knob it had written was restored"))
        let after = try host.snapshot()
        #expect(after == before, "changed: \(after.keys.filter { after[$0] != before[$0] }.sorted())")
    }
}
