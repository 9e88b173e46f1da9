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

    @Test(arguments: [
        ("listen = \"9987\"", "[agent] listen must be \"ADDRESS:PORT\""),
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
