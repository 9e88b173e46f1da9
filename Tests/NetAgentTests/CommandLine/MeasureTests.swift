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

    /// The statistic called `name` of a comparison.
    func statistic(_ name: String, of comparison: [String: Any]) -> [String: Any]? {
        (comparison["statistics"] as? [[String: Any]])?.first { $0["statistic"] as? String == name }
    }

    @Test func measureComparesBeforeAndAfterPerTargetInRounds() throws {
        let (namespace, directory) = try setup()
        let result = try run(["--measure", "--enable", "tcp,icmp"], namespace, directory)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try result.json()
        #expect((report["before"] as? [[String: Any]])?.count == 1)
        #expect((report["probes"] as? [[String: Any]])?.count == 1)
        let comparison = try #require((report["comparisons"] as? [[String: Any]])?.first)
        #expect(comparison["target"] as? String == "127.0.0.1")
        #expect(comparison["rounds"] as? Int == 3)
        #expect((statistic("p50_ms", of: comparison)?["before"] as? [Double])?.count == 3)
        #expect(statistic("loss_percent", of: comparison)?["direction"] as? String == "unchanged")
        let transactions = try Command.netagent(["rollback", "--list", "--json", "--state-dir", directory.path + "/state"]).json()
        let states = (transactions["transactions"] as? [[String: Any]] ?? []).map { $0["state"] as? String }
        #expect(states == ["rolled-back", "rolled-back", "applied"], "each round but the last is rolled back: \(states)")
    }

    @Test func aKnobAlreadySetChangesNothingAndIsReportedUnchanged() throws {
        let (namespace, directory) = try setup()
        let first = try run(["--no-probe", "--enable", "tcp"], namespace, directory)
        #expect(first.status == 0, "\(first.stderr)")
        let result = try run(["--measure", "--rounds", "2", "--enable", "tcp,icmp"], namespace, directory)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try result.json()
        #expect(report["transaction"] == nil || report["transaction"] is NSNull)
        let comparison = try #require((report["comparisons"] as? [[String: Any]])?.first)
        #expect(comparison["verdict"] as? String == "unchanged", "\(comparison)")
    }
    @Test func aCallsMOSIsComparedBeforeAndAfterWithTheOtherStatistics() throws {
        let (namespace, directory) = try setup()
        try directory.write("netagent.toml", "[voice]\ntargets = [\"127.0.0.1\"]\ncount = 30\ninterval_ms = 5\ntimeout_ms = 100\n")
        let result = try run(["--measure", "--rounds", "2", "--enable", "tcp,voice"], namespace, directory)
        #expect(result.status == 0, "\(result.stderr)")
        let comparison = try #require((try result.json()["comparisons"] as? [[String: Any]])?.first)
        let mos = try #require(statistic("voice_mos", of: comparison), "\(comparison)")
        #expect((mos["before"] as? [Double])?.count == 2 && (mos["after"] as? [Double])?.count == 2)
        #expect((mos["after_median"] as? Double ?? 0) > 4.3, "loopback rates near the model's best: \(mos)")
        let rollback = try Command.netagent(["rollback", "--state-dir", directory.path + "/state"], namespace: namespace.name)
        #expect(rollback.status == 0, "\(rollback.stderr)")
        let text = try Command.netagent(
            [
                "run", "--module-path", directory.path + "/modules", "--config", directory.path + "/netagent.toml",
                "--state-dir", directory.path + "/state", "--measure", "--rounds", "1", "--enable", "tcp,voice",
            ], namespace: namespace.name)
        #expect(text.stdout.contains("voice 127.0.0.1: p50 ") && text.stdout.contains(", MOS 4.4 → 4.4"), "\(text.stdout)")
    }

    @Test func oneRoundClaimsNoSignificance() throws {
        let (namespace, directory) = try setup()
        let result = try run(["--measure", "--rounds", "1", "--enable", "echo-off,icmp"], namespace, directory)
        #expect(result.status == 0, "\(result.stderr)")
        let comparison = try #require((try result.json()["comparisons"] as? [[String: Any]])?.first)
        #expect(comparison["significant"] as? Bool == false)
        #expect((comparison["method"] as? String)?.contains("no significance is claimed") == true)
    }

    @Test func aChangeThatMakesLossWorseIsRolledBack() throws {
        let (namespace, directory) = try setup()
        let result = try run(["--measure", "--rollback-if-worse", "--enable", "echo-off,icmp"], namespace, directory)
        #expect(result.status == 5, "\(result.stderr)")
        #expect(result.stderr.contains("got significantly worse"))
        let report = try result.json()
        #expect((report["transaction"] as? [String: Any])?["state"] as? String == "rolled-back")
        let comparison = try #require((report["comparisons"] as? [[String: Any]])?.first)
        #expect(statistic("loss_percent", of: comparison)?["direction"] as? String == "worse")
        #expect(comparison["verdict"] as? String == "worse" && comparison["significant"] as? Bool == true)
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
