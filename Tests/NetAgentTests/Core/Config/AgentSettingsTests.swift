import Testing

@testable import NetAgentCore

/// The `[agent]` table: defaults, each key, and errors that name the file and key.
@Suite struct AgentSettingsTests {
    func settings(_ table: String) throws -> AgentSettings {
        try ConfigFile(text: "[agent]\n" + table, path: "/etc/netagent/netagent.toml").agent
    }

    @Test func withoutAnAgentTableEverySettingHasItsDefault() throws {
        let agent = try ConfigFile(text: "profile = \"moderate\"\n", path: "t.toml").agent
        #expect(agent == AgentSettings())
        #expect(agent.listenHost == "127.0.0.1" && agent.listenPort == 9987)
        #expect(agent.probeIntervalS == 60 && agent.driftCheckS == 60 && agent.journalKeep == 100)
        #expect(agent.onDrift == .report && agent.onStop == .keep)
    }

    @Test func everyKeyIsRead() throws {
        let agent = try settings(
            "listen = \"[::1]:9100\"\nprobe_interval_s = 0.5\ndrift_check_s = 5\non_drift = \"reapply\"\non_stop = \"rollback\"\njournal_keep = 7\n"
        )
        #expect(agent.listenHost == "::1" && agent.listenPort == 9100)
        #expect(agent.probeIntervalS == 0.5 && agent.driftCheckS == 5 && agent.journalKeep == 7)
        #expect(agent.onDrift == .reapply && agent.onStop == .rollback)
    }

    @Test func theHTTPServersLimitsAreRead() throws {
        let agent = try settings("http_idle_timeout_s = 3\nhttp_max_connections = 200\n")
        #expect(agent.httpIdleTimeoutS == 3 && agent.httpMaxConnections == 200)
        #expect(AgentSettings().httpIdleTimeoutS == 10 && AgentSettings().httpMaxConnections == 64)
    }

    /// /metrics has no authentication: it is served on a private address only. The refusals
    /// fail on 15b0cee, which listened wherever it was told.
    @Test(arguments: ["10.1.2.3", "172.31.0.9", "192.168.1.1", "100.64.0.1", "169.254.7.7", "127.0.0.2", "[fd00::1]", "[fe80::1]", "[::1]"])
    func aPrivateListenAddressIsTaken(host: String) throws {
        #expect(try settings("listen = \"\(host):9987\"\n").listenPort == 9987)
    }

    @Test(arguments: ["0.0.0.0", "[::]", "8.8.8.8", "172.32.0.1", "[2001:db8::1]", "[::ffff:8.8.8.8]", "localhost"])
    func aPublicWildcardOrNamedListenAddressIsRefused(host: String) {
        #expect {
            try settings("listen = \"\(host):9987\"\n")
        } throws: { error in
            let message = (error as? NetAgentError)?.message ?? ""
            return message.contains("[agent] listen must be a private numeric address") && message.contains("docs/agent.md")
        }
    }

    @Test(arguments: [
        ("listen = \"9987\"", "[agent] listen must be \"ADDRESS:PORT\""),
        ("http_idle_timeout_s = 0", "[agent] http_idle_timeout_s must be a whole number of seconds, 1 to 300"),
        ("http_max_connections = 5000", "[agent] http_max_connections must be a whole number, 1 to 4096"),
        ("listen = \"127.0.0.1:70000\"", "[agent] listen must be"),
        ("probe_interval_s = 0", "[agent] probe_interval_s must be a number of seconds, 0.01 to 86400"),
        ("drift_check_s = \"often\"", "[agent] drift_check_s must be a whole number of seconds"),
        ("on_stop = \"restore\"", "[agent] on_stop must be \"keep\" or \"rollback\""),
        ("journal_keep = 0", "[agent] journal_keep must be a whole number, 1 to 100000"),
        ("interval = 5", "[agent] unknown key \"interval\"; it takes listen, probe_interval_s"),
    ])
    func aBadValueIsAnErrorNamingTheFileAndKey(line: String, message: String) {
        do {
            _ = try settings(line + "\n")
            Issue.record("\(line) was accepted")
        } catch let error as NetAgentError {
            #expect(error.message.hasPrefix("/etc/netagent/netagent.toml: "), "\(error.message)")
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.exitCode == .invalidConfig)
        } catch {
            Issue.record("\(error)")
        }
    }
}
