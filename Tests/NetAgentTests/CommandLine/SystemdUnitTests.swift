import Foundation
import Testing

/// The agent's systemd unit, checked by systemd's own tools: `systemd-analyze verify` (syntax,
/// the command exists) and `systemd-analyze security --offline` (the exposure score).
@Suite struct SystemdUnitTests {
    static let unit = TestEnvironment.packageRoot + "/contrib/systemd/netagent-agent.service"

    @Test func theAgentUnitScoresAtMost5Point5InSystemdsSecurityAnalysis() throws {
        let result = try Command.run(["systemd-analyze", "security", "--offline=true", "--no-pager", Self.unit])
        let line = try #require(result.stdout.split(separator: "\n").last { $0.contains("Overall exposure level") }, "\(result.stdout)")
        let score = try #require(Double(line.split(separator: ":").last?.split(separator: " ").first ?? ""), "\(line)")
        #expect(score <= 5.5, "\(line)")
    }

    @Test func theAgentUnitVerifiesWithTheBuiltBinary() throws {
        let directory = try TemporaryDirectory()
        let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
        try directory.write(
            "netagent-agent.service", text.replacingOccurrences(of: "/usr/local/bin/netagent", with: TestEnvironment.netagent))
        let result = try Command.run(["systemd-analyze", "verify", "--man=no", directory.path + "/netagent-agent.service"])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test func theAgentUnitIsANotifyServiceWithAWatchdogRestartAndStateDirectory() throws {
        let lines = Set(try String(contentsOfFile: Self.unit, encoding: .utf8).split(separator: "\n").map(String.init))
        for directive in [
            "Type=notify", "WatchdogSec=30s", "Restart=on-failure", "StateDirectory=netagent", "Documentation=man:netagent(1)",
            "ExecStart=/usr/local/bin/netagent agent", "ExecReload=/bin/kill -HUP $MAINPID",
        ] {
            #expect(lines.contains(directive), "\(directive)")
        }
    }
}
