import Foundation
import Testing

/// `run --measure`: probe, apply, probe again, compare; with --rollback-if-worse, undo a change
/// that made things worse. The worsening tuner is a C fixture (Tests/Fixtures/fixture_tuner.c)
/// that stops the namespace from answering echo requests.
@Suite(.enabled(if: TestEnvironment.isRoot, "needs root for network namespaces and raw ICMP sockets"))
struct MeasureTests {
    func setup() throws -> (NetworkNamespace, TemporaryDirectory) {
        let namespace = try NetworkNamespace()
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/modules", withIntermediateDirectories: true)
        chmod(directory.path + "/modules", 0o755)
        try FixtureModule.buildTuner("echo-off.so", in: directory.path + "/modules")
        try directory.write("netagent.toml", "[icmp]\ntargets = [\"127.0.0.1\"]\ncount = 30\ninterval_ms = 5\ntimeout_ms = 100\n")
        return (namespace, directory)
    }

    func run(_ arguments: [String], _ namespace: NetworkNamespace, _ directory: TemporaryDirectory) throws -> CommandResult {
        try Command.netagent(
            [
                "run", "--module-path", directory.path + "/modules", "--config", directory.path + "/netagent.toml",
                "--state-dir", directory.path + "/state", "--json",
            ] + arguments, namespace: namespace.name)
    }

    @Test func measureComparesBeforeAndAfterPerTarget() throws {
        let (namespace, directory) = try setup()
        let result = try run(["--measure", "--enable", "tcp,icmp"], namespace, directory)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try result.json()
        #expect((report["before"] as? [[String: Any]])?.count == 1)
        #expect((report["probes"] as? [[String: Any]])?.count == 1)
        let comparison = try #require((report["comparisons"] as? [[String: Any]])?.first)
        #expect(comparison["target"] as? String == "127.0.0.1")
        #expect((comparison["loss"] as? [String: Any])?["direction"] as? String == "unchanged")
    }

    @Test func aChangeThatMakesLossWorseIsRolledBack() throws {
        let (namespace, directory) = try setup()
        let result = try run(["--measure", "--rollback-if-worse", "--enable", "echo-off,icmp"], namespace, directory)
        #expect(result.status == 5, "\(result.stderr)")
        #expect(result.stderr.contains("got significantly worse"))
        let report = try result.json()
        #expect((report["transaction"] as? [String: Any])?["state"] as? String == "rolled-back")
        let comparison = try #require((report["comparisons"] as? [[String: Any]])?.first)
        #expect((comparison["loss"] as? [String: Any])?["direction"] as? String == "worse")
        #expect(try namespace.sysctl("net.ipv4.icmp_echo_ignore_all") == "0")
    }

    @Test func withoutRollbackIfWorseTheWorseChangeStays() throws {
        let (namespace, directory) = try setup()
        let result = try run(["--measure", "--enable", "echo-off,icmp"], namespace, directory)
        #expect(result.status == 0)
        #expect(try namespace.sysctl("net.ipv4.icmp_echo_ignore_all") == "1")
    }

    @Test func rollbackIfWorseWithoutMeasureIsAUsageError() throws {
        let result = try Command.netagent(["run", "--rollback-if-worse"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--rollback-if-worse needs --measure"))
    }
}
