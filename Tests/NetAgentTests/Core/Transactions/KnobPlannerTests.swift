import Foundation
import Testing

/// Two tuners planning one knob would undo each other on every run and drift forever.
@Suite struct KnobPlannerTests {
    @Test func twoTunersPlanningTheSameKnobIsAnErrorNamingBothAndNothingIsWritten() throws {
        let tree = try SysctlTree(["net.ipv4.icmp_echo_ignore_all": "0"])
        let directory = try TemporaryDirectory()
        try FixtureModule.buildTuner("echo-off.so", in: directory.path)
        try FixtureModule.buildTuner("echo-off-2.so", in: directory.path, defines: ["TUNER_NAME=\"echo-off-2\""])
        let result = try Command.netagent([
            "run", "--enable", "echo-off,echo-off-2", "--no-probe", "--module-path", directory.path,
            "--root", tree.root, "--state-dir", directory.path + "/state",
        ])
        #expect(result.status == 4)
        #expect(
            result.stderr.contains("modules echo-off and echo-off-2 both plan knob sysctl:net.ipv4.icmp_echo_ignore_all"),
            "\(result.stderr)")
        #expect(tree.value("net.ipv4.icmp_echo_ignore_all") == "0")
    }
}
