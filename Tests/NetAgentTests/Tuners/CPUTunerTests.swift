import Foundation
import Testing

/// The cpu tuner under `--root`, on a tree where some CPUs have cpufreq and some do not.
@Suite struct CPUTunerTests {
    static let cpus = "sys/devices/system/cpu"

    /// cpu0 and cpu1 have cpufreq with EPP; cpu2 has none; cpuidle and online are noise.
    func mixedTree() throws -> TemporaryDirectory {
        let tree = try TemporaryDirectory()
        for cpu in ["cpu0", "cpu1"] {
            let base = "\(Self.cpus)/\(cpu)/cpufreq/"
            try tree.write(base + "scaling_governor", "powersave\n")
            try tree.write(base + "scaling_available_governors", "performance powersave\n")
            try tree.write(base + "energy_performance_preference", "balance_power\n")
            try tree.write(
                base + "energy_performance_available_preferences", "default performance balance_performance balance_power power\n")
        }
        try tree.write("\(Self.cpus)/cpu2/online", "1\n")
        try tree.write("\(Self.cpus)/cpuidle/current_driver", "none\n")
        try tree.write("\(Self.cpus)/online", "0-2\n")
        return tree
    }

    @Test func everyCPUWithCpufreqGetsThePerformanceGovernorAndPreference() throws {
        let tree = try mixedTree()
        let before = try tree.snapshot()
        let state = try TemporaryDirectory()
        let run = try Command.netagent(["run", "--enable", "cpu", "--root", tree.path, "--state-dir", state.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let keys = (try run.json()["knobs"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
        #expect(
            keys == [
                "sysfs:/devices/system/cpu/cpu0/cpufreq/scaling_governor",
                "sysfs:/devices/system/cpu/cpu0/cpufreq/energy_performance_preference",
                "sysfs:/devices/system/cpu/cpu1/cpufreq/scaling_governor",
                "sysfs:/devices/system/cpu/cpu1/cpufreq/energy_performance_preference",
            ])
        for cpu in ["cpu0", "cpu1"] {
            #expect(tree.read("\(Self.cpus)/\(cpu)/cpufreq/scaling_governor") == "performance\n")
            #expect(tree.read("\(Self.cpus)/\(cpu)/cpufreq/energy_performance_preference") == "performance\n")
        }
        #expect(try Command.netagent(["rollback", "--root", tree.path, "--state-dir", state.path]).status == 0)
        #expect(try tree.snapshot() == before)
    }

    @Test func theConservativeProfileAsksForBalancePerformance() throws {
        let tree = try mixedTree()
        let plan = try Command.netagent(["run", "--dry-run", "--enable", "cpu", "--profile", "conservative", "--root", tree.path, "--json"])
        let knobs = try #require(try plan.json()["knobs"] as? [[String: Any]])
        let preference = knobs.first { ($0["key"] as? String)?.hasSuffix("energy_performance_preference") == true }
        #expect(preference?["desired"] as? String == "balance_performance")
    }

    @Test func withoutCpufreqTheGovernorIsUnsupportedWithTheReason() throws {
        let tree = try TemporaryDirectory()
        try tree.write("\(Self.cpus)/cpu0/online", "1\n")
        try tree.write("\(Self.cpus)/cpu1/online", "1\n")
        let state = try TemporaryDirectory()
        let run = try Command.netagent(["run", "--enable", "cpu", "--root", tree.path, "--state-dir", state.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let knob = try #require((try run.json()["knobs"] as? [[String: Any]])?.first)
        #expect(knob["action"] as? String == "unsupported")
        #expect((knob["reason"] as? String)?.contains("no CPU has cpufreq") == true)
        #expect(try run.json()["transaction"] == nil)
    }

    @Test func aGovernorTheDriverDoesNotOfferIsUnsupported() throws {
        let tree = try TemporaryDirectory()
        try tree.write("\(Self.cpus)/cpu0/cpufreq/scaling_governor", "schedutil\n")
        try tree.write("\(Self.cpus)/cpu0/cpufreq/scaling_available_governors", "schedutil\n")
        let plan = try Command.netagent(["run", "--dry-run", "--enable", "cpu", "--root", tree.path, "--json"])
        let knob = try #require((try plan.json()["knobs"] as? [[String: Any]])?.first)
        #expect((knob["reason"] as? String)?.contains("does not offer performance") == true)
    }

    @Test func keysOutsideTheCPUDirectoryAreRefusedByTheModule() throws {
        let tree = try mixedTree()
        let state = try TemporaryDirectory()
        try state.write(
            "journal/1.json",
            """
            {"id": 1, "state": "applied", "created": "2026-01-01T00:00:00Z", "hostname": "h", "profile": "moderate",
             "root": "\(tree.path)",
             "changes": [{"module": "cpu", "key": "sysfs:/kernel/mm/transparent_hugepage/enabled", "before": "always", "after": "never"}]}
            """)
        let rollback = try Command.netagent(["rollback", "--root", tree.path, "--state-dir", state.path])
        #expect(rollback.status == 3)
        #expect(rollback.stderr.contains("cpu has no knob"))
    }
}
