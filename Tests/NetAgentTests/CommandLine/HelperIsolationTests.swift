import Foundation
import Glibc
import Testing

/// A probe helper parses what remote hosts send: it inherits none of the agent's descriptors
/// (SwiftNIO opens the listening socket and scrape connections without close-on-exec) and none
/// of its environment but PATH, the locale, TZ and the library path. Fails on 15b0cee, whose
/// helpers held the agent's sockets (so a connection the agent closed stayed open) and its
/// NOTIFY_SOCKET.
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
        let helpers = AgentTests.children(of: agent.process.pid).filter { AgentTests.commandLine($0).contains("module-host") }
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
