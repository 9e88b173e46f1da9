import Testing

@testable import NetAgentCore

/// A probe run's schedule and deadline, read from the real icmp and tcpconnect modules of this build.
@Suite struct ProbeSettingsTests {
    let catalog = ModuleDiscovery.catalog(
        from: [ModuleDirectory(path: TestEnvironment.buildDirectory, origin: "build folder", onlyNetAgentLibraries: true)],
        helperPath: TestEnvironment.netagent)

    func settings(_ module: String, targets: Int, count: Int) throws -> ProbeSettings {
        let selection = try Selection(
            config: ConfigFile(text: "", path: "c.toml"), catalog: catalog, overrides: SelectionOverrides(host: "db-1"))
        let probe = try #require(catalog.module(named: module))
        return try ProbeSettings(
            selection: selection, module: probe, targets: (0..<targets).map { "127.0.0.1:\($0 + 1)" }, count: count, intervalMS: 1000,
            timeoutMS: 1000)
    }

    @Test func theEchoProbesSayTheyMeasureARoundsTargetsAtOnceAndTCPConnectDoesNot() throws {
        #expect(catalog.module(named: "icmp")?.targetsAtOnce == true)
        #expect(catalog.module(named: "loss")?.targetsAtOnce == true)
        #expect(catalog.module(named: "voice")?.targetsAtOnce == true)
        #expect(catalog.module(named: "tcpconnect")?.targetsAtOnce == false)
    }

    @Test func aProbeThatMeasuresTargetsAtOnceHasADeadlineThatDoesNotGrowWithTheTargets() throws {
        #expect(try settings("icmp", targets: 16_384, count: 10).budgetMS == 10 * (1000 + 1000) + 1000)
        #expect(try settings("icmp", targets: 1, count: 10).budgetMS == 10 * (1000 + 1000) + 1000)
    }

    @Test func aProbeThatMeasuresTargetsInTurnAllowsEachAttemptItsTimeout() throws {
        #expect(try settings("tcpconnect", targets: 3, count: 10).budgetMS == 10 * (1000 + 1000 * 3) + 1000)
    }

    @Test func aScheduleLongerThanADayIsRefusedWithTheFormulaThatAppliesToTheProbe() throws {
        let sequential = #expect(throws: NetAgentError.self) { try settings("tcpconnect", targets: 16_384, count: 10) }
        #expect(
            sequential?.message.contains("count x (interval_ms + timeout_ms x targets) is 45 hours") == true, "\(sequential?.message ?? "")"
        )
        let atOnce = #expect(throws: NetAgentError.self) { try settings("icmp", targets: 1, count: 50_000) }
        #expect(atOnce?.message.contains("count x (interval_ms + timeout_ms) is 27 hours") == true, "\(atOnce?.message ?? "")")
    }
}
