import Foundation
import Testing

/// `netagent check-module` on every built-in module and on broken fixtures.
@Suite struct CheckModuleTests {
    static let builtIn = ["bbr", "tcp", "buffers", "cpu", "thp", "limits", "dns", "nic", "icmp", "tcpconnect", "http", "loss"]

    func check(_ path: String) throws -> (status: Int32, report: [String: Any]) {
        let result = try Command.netagent(["check-module", path, "--json"])
        return (result.status, try result.json())
    }

    @Test(arguments: builtIn)
    func everyBuiltInModulePassesEveryRule(module: String) throws {
        let (status, report) = try check(TestEnvironment.buildDirectory + "/libnetagent-\(module).so")
        let failed = (report["checks"] as? [[String: Any]] ?? []).filter { $0["passed"] as? Bool != true }
        #expect(status == 0 && failed.isEmpty, "\(failed)")
        #expect((report["checks"] as? [[String: Any]])?.count ?? 0 >= 5)
    }

    @Test func theCExampleProbePassesEveryRule() throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.buildExampleProbe(to: directory.path + "/udpecho.so")
        let (status, report) = try check(directory.path + "/udpecho.so")
        #expect(status == 0, "\(report)")
    }

    @Test func aProbeThatCrashesFailsTheRequestRuleWithTheSignal() throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.build("crash.so", in: directory.path, defines: ["FIXTURE_RUN=1"])
        let (status, report) = try check(directory.path + "/crash.so")
        #expect(status == 1)
        let failed = (report["checks"] as? [[String: Any]] ?? []).filter { $0["passed"] as? Bool == false }
        #expect(failed.contains { ($0["detail"] as? String)?.contains("SIGSEGV") == true }, "\(failed)")
    }

    @Test func aModuleOfAnotherMajorFailsToLoadAndNothingElseRuns() throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.build("major.so", in: directory.path, defines: ["FIXTURE_MAJOR=2"])
        let (status, report) = try check(directory.path + "/major.so")
        #expect(status == 1)
        let checks = report["checks"] as? [[String: Any]] ?? []
        #expect(checks.count == 1)
        #expect((checks.first?["detail"] as? String)?.contains("ABI major 2") == true)
    }

    @Test func aTunerThatClaimsEveryKeyFailsTheOwnershipRule() throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.buildTuner("greedy.so", in: directory.path, defines: ["CLAIM_EVERY_KEY"])
        let (status, report) = try check(directory.path + "/greedy.so")
        #expect(status == 1)
        let failed = (report["checks"] as? [[String: Any]] ?? []).filter { $0["passed"] as? Bool == false }
        #expect(failed.map { $0["rule"] as? String } == ["refuses a key it does not own, without changing anything"])
    }
}
