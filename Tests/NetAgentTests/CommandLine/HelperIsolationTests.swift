import Foundation
import Glibc
import Testing

/// A probe helper parses what remote hosts send: it inherits none of the agent's descriptors
/// (SwiftNIO opens the listening socket and scrape connections without close-on-exec) and none
/// of its environment but PATH, the locale, TZ and the library path, and it runs without root:
/// an unprivileged user, no_new_privs, and no capability but CAP_NET_RAW for a probe that declares
/// raw sockets. Fails on 15b0cee, whose helpers held the agent's sockets (so a connection the
/// agent closed stayed open) and its NOTIFY_SOCKET, and on 1886c6e, whose helpers kept root.
@Suite(.enabled(if: TestEnvironment.isRoot, "needs root for network namespaces"))
struct HelperIsolationTests {
    /// The socket inodes among `pid`'s descriptors, by descriptor number.
    func sockets(of pid: pid_t) throws -> [String: String] {
        var found: [String: String] = [:]
        for fd in try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"), target.hasPrefix("socket:")
            {
                found[fd] = target
            }
        }
        return found
    }

    /// The fields of `/proc/PID/status`, by name.
    func status(of pid: pid_t) throws -> [String: String] {
        let text = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        return Dictionary(
            text.split(separator: "\n").map { line in
                let parts = line.split(separator: ":", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
            }, uniquingKeysWith: { first, _ in first })
    }

    /// Descriptors above 2 that are none of the helper's own: its pipes, the sockets it opened
    /// and the module library it loaded (held open while the library is loaded).
    func unexpectedDescriptors(of pid: pid_t, agentSockets: Set<String>) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap { fd in
            guard let number = Int(fd), number > 2 else { return nil }
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")) ?? "?"
            let isOwnSocket = target.hasPrefix("socket:") && !agentSockets.contains(target)
            let isModule = target.hasSuffix(".so") && ProcessTable.commandLine(pid).contains(target)
            return target.hasPrefix("pipe:") || isOwnSocket || isModule ? nil : "\(fd) -> \(target)"
        }
    }

    @Test func probeHelpersRunAsAnUnprivilegedUserWithAtMostCapNetRaw() throws {
        let namespace = try NetworkNamespace()
        let config =
            "enable = [\"icmp\", \"tcpconnect\"]\n[icmp]\ntargets = [\"127.0.0.1\"]\ncount = 1\nprobe_interval_s = 0.2\n"
            + "[tcpconnect]\ntargets = [\"127.0.0.1:\(RunningAgent.port)\"]\ncount = 1\nprobe_interval_s = 0.2\n"
        let agent = try RunningAgent(config: config, in: namespace)
        let sent = { (module: String, target: String) in "netagent_probe_sent_total{module=\"\(module)\",target=\"\(target)\"}" }
        #expect(try agent.eventually(timeoutMS: 5_000) { try agent.metric(sent("icmp", "127.0.0.1")) ?? 0 >= 2 })
        #expect(try agent.eventually(timeoutMS: 5_000) { try agent.metric(sent("tcpconnect", "127.0.0.1:\(RunningAgent.port)")) ?? 0 >= 2 })
        let lost = "netagent_probe_lost_total{module=\"icmp\",target=\"127.0.0.1\"}"
        #expect(try agent.metric(lost) == 0, "the icmp probe still gets its echo replies, through its raw socket")
        let helpers = ProcessTable.children(of: agent.process.pid).filter { ProcessTable.commandLine($0).contains("module-host") }
        #expect(helpers.count == 2, "one helper per probe: \(helpers.map(ProcessTable.commandLine))")
        let agentSockets = Set(try sockets(of: agent.process.pid).values)
        for helper in helpers {
            let line = ProcessTable.commandLine(helper)
            let fields = try status(of: helper)
            let uids = (fields["Uid"] ?? "0").split(separator: "\t").map(String.init)
            #expect(uids.count == 4 && !uids.contains("0"), "\(line): Uid \(uids)")
            #expect(fields["NoNewPrivs"] == "1", "\(line)")
            let allowed: UInt64 = line.contains("icmp") ? 1 << 13 : 0
            for set in ["CapEff", "CapPrm", "CapInh", "CapAmb"] {
                let value = UInt64(fields[set] ?? "", radix: 16)
                #expect(value.map { $0 & ~allowed == 0 } == true, "\(line): \(set) \(fields[set] ?? "missing")")
            }
            let unexpected = try unexpectedDescriptors(of: helper, agentSockets: agentSockets)
            #expect(unexpected.isEmpty, "\(line): \(unexpected)")
        }
    }

    @Test func aProbeHelperHoldsNoneOfTheAgentsSocketsAndACleanEnvironment() throws {
        let namespace = try NetworkNamespace()
        let config = "enable = [\"icmp\"]\n[icmp]\ntargets = [\"127.0.0.1\"]\ncount = 1\nprobe_interval_s = 0.2\n"
        let agent = try RunningAgent(
            config: config, in: namespace, environment: ["NOTIFY_SOCKET": "/run/netagent-test-none", "NETAGENT_SECRET": "x"])
        // Connections the agent holds open while its helper starts and runs.
        let holder = try BackgroundProcess(
            [
                "/usr/bin/python3", TestEnvironment.packageRoot + "/Tests/Fixtures/hold_connections.py", "127.0.0.1",
                "\(RunningAgent.port)", "4",
                "3", "idle",
            ], namespace: namespace.name, settleMS: 300)
        let sent = "netagent_probe_sent_total{module=\"icmp\",target=\"127.0.0.1\"}"
        #expect(try agent.eventually(timeoutMS: 5_000) { try agent.metric(sent) ?? 0 >= 2 })
        let helpers = ProcessTable.children(of: agent.process.pid).filter { ProcessTable.commandLine($0).contains("module-host") }
        let helper = try #require(helpers.first, "the icmp helper runs")
        let agentSockets = Set(try sockets(of: agent.process.pid).values)
        #expect(agentSockets.count >= 2, "the agent listens and holds connections: \(agentSockets)")
        let helperSockets = try sockets(of: helper)
        #expect(Set(helperSockets.values).isDisjoint(with: agentSockets), "the helper holds the agent's \(helperSockets)")
        let environment = String(decoding: FileManager.default.contents(atPath: "/proc/\(helper)/environ") ?? Data(), as: UTF8.self)
        let names = Set(environment.split(separator: "\0").map { String($0.split(separator: "=")[0]) })
        #expect(names.isSubset(of: ["PATH", "LANG", "LC_ALL", "TZ", "LD_LIBRARY_PATH"]), "\(names.sorted())")
        _ = holder.waitForExit(timeoutMS: 5_000)
    }
}
