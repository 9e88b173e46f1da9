import Foundation
import Testing

/// `run` checks everything before its first write, and never reports "nothing applied" for a
/// transaction that stands: a failure after applying names the transaction and exits 6.
@Suite struct RunCommandTests {
    /// A --root tree with echo-off's sysctl at 0, the echo-off tuner and a fixture probe that
    /// answers or, with `probeRun`, misbehaves (see Tests/Fixtures/fixture_module.c).
    func setup(config: String, probeRun: Int = 0) throws -> (tree: SysctlTree, directory: TemporaryDirectory, common: [String]) {
        let tree = try SysctlTree(["net.ipv4.icmp_echo_ignore_all": "0"])
        let directory = try TemporaryDirectory()
        try FixtureModule.buildTuner("echo-off.so", in: directory.path)
        try FixtureModule.build("probe.so", in: directory.path, defines: ["FIXTURE_NAME=\"answers\"", "FIXTURE_RUN=\(probeRun)"])
        try directory.write("netagent.toml", config)
        let common = [
            "--module-path", directory.path, "--root", tree.root, "--state-dir", directory.path + "/state",
            "--config", directory.path + "/netagent.toml",
        ]
        return (tree, directory, common)
    }

    @Test(arguments: [
        "targets = [\"fixture-target\"]\ncount = 0", "targets = [1]",
        "targets = [\"fixture-target\"]\ncount = 100000\ninterval_ms = 3600000",
    ])
    func aBadProbeTableIsRefusedBeforeAnyKnobIsWritten(table: String) throws {
        let (tree, directory, common) = try setup(config: "[answers]\n" + table + "\n")
        defer { withExtendedLifetime(directory) {} }
        let result = try Command.netagent(["run", "--enable", "echo-off,answers"] + common)
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("answers"), "the message names the probe: \(result.stderr)")
        #expect(!result.stderr.contains("DecodingError"), "\(result.stderr)")
        #expect(tree.value("net.ipv4.icmp_echo_ignore_all") == "0")
        let journal = try Command.netagent(["rollback", "--list", "--json"] + common).json()
        #expect((journal["transactions"] as? [Any])?.isEmpty == true)
    }

    @Test func aProbeThatFailsAfterApplyingExitsSixNamingTheTransactionThatStands() throws {
        let (tree, directory, common) = try setup(config: "[answers]\ntargets = [\"fixture-target\"]\ncount = 1\n", probeRun: 1)
        defer { withExtendedLifetime(directory) {} }
        let result = try Command.netagent(["run", "--enable", "echo-off,answers"] + common)
        #expect(result.status == 6, "\(result.stderr)")
        #expect(result.stderr.contains("transaction 1 was applied and stays in place"), "\(result.stderr)")
        #expect(tree.value("net.ipv4.icmp_echo_ignore_all") == "1")
    }

    @Test func aReportThatCannotBeWrittenAfterApplyingExitsSixNamingTheTransaction() throws {
        let (tree, directory, common) = try setup(config: "[answers]\ntargets = [\"fixture-target\"]\ncount = 1\n")
        let result = try Command.netagent(
            [
                "run", "--enable", "echo-off,answers", "--json",
                "--prometheus", directory.path + "/no/such/dir/metrics.prom",
            ] + common)
        #expect(result.status == 6, "\(result.stderr)")
        #expect(
            result.stderr.contains("transaction 1 was applied and stays in place (undo it with `netagent rollback 1`)"), "\(result.stderr)")
        #expect(try result.json()["exit_code"] as? Int == 6)
        #expect(tree.value("net.ipv4.icmp_echo_ignore_all") == "1")
    }
}
