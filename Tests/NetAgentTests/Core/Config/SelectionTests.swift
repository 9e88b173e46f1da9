import Testing

@testable import NetAgentCore

/// Selection against the real bbr and tcpconnect modules of this build.
@Suite struct SelectionTests {
    let catalog = ModuleDiscovery.catalog(
        from: [ModuleDirectory(path: TestEnvironment.buildDirectory, origin: "build folder", onlyNetAgentLibraries: true)],
        helperPath: TestEnvironment.netagent)

    func selection(_ text: String, _ overrides: SelectionOverrides = SelectionOverrides(host: "db-1")) throws -> Selection {
        try Selection(config: ConfigFile(text: text, path: "c.toml"), catalog: catalog, overrides: overrides)
    }

    @Test func withNoEnableListEveryModuleIsEnabledWithTheModerateProfile() throws {
        let selected = try selection("")
        #expect(selected.modules.map(\.name) == catalog.modules.map(\.name))
        #expect(Set(selected.modules.map(\.name)).isSuperset(of: ["bbr", "tcpconnect"]))
        #expect(selected.profile == .moderate)
    }

    @Test func disableRemovesAModule() throws {
        let names = try selection("disable = [\"tcpconnect\"]").modules.map(\.name)
        #expect(names == catalog.modules.map(\.name).filter { $0 != "tcpconnect" })
    }

    @Test func theMatchingHostSectionOverridesTheTopLevel() throws {
        let text = """
            profile = "conservative"
            [host."edge-*"]
            profile = "aggressive"
            enable = ["tcpconnect"]
            """
        let edge = try selection(text, SelectionOverrides(host: "edge-3"))
        #expect(edge.profile == .aggressive)
        #expect(edge.hostPattern == "edge-*")
        #expect(edge.modules.map(\.name) == ["tcpconnect"])
        let other = try selection(text, SelectionOverrides(host: "db-1"))
        #expect(other.profile == .conservative)
        #expect(other.hostPattern == nil)
    }

    @Test func theCommandLineOverridesTheHostSection() throws {
        let text = "[host.\"edge-*\"]\nprofile = \"aggressive\"\n"
        let selected = try selection(text, SelectionOverrides(enable: ["bbr"], profile: .conservative, host: "edge-3"))
        #expect(selected.profile == .conservative)
        #expect(selected.modules.map(\.name) == ["bbr"])
    }

    @Test func hostModuleTablesMergeKeyByKeyOverTheTopLevel() throws {
        let text = """
            [tcpconnect]
            targets = ["127.0.0.1:1"]
            count = 9
            [host."edge-*".tcpconnect]
            count = 2
            """
        let selected = try selection(text, SelectionOverrides(host: "edge-1"))
        let probe = try #require(catalog.module(named: "tcpconnect"))
        let settings = try ProbeSettings(selection: selected, module: probe)
        #expect(settings.count == 2)
        #expect(settings.targets == ["127.0.0.1:1"])
    }

    @Test func anUnknownModuleInEnableIsNamedWithTheModulesFound() {
        let error = #expect(throws: NetAgentError.self) { try selection("enable = [\"bbrr\"]") }
        #expect(error?.message.contains("\"bbrr\"") == true)
        #expect(error?.message.contains(catalog.modules.map(\.name).joined(separator: ", ")) == true)
    }

    @Test func anUnknownModuleTableIsAnErrorEvenInAnotherHostsSection() {
        let error = #expect(throws: NetAgentError.self) { try selection("[host.\"nowhere-*\".wifi]\nband = \"5GHz\"\n") }
        #expect(error?.message.contains("[host.\"nowhere-*\"]") == true)
        #expect(error?.message.contains("\"wifi\"") == true)
    }

    @Test func anUnknownKeyInAModuleTableListsTheKeysItTakes() {
        let error = #expect(throws: NetAgentError.self) { try selection("[tcpconnect]\ntarget = [\"x:1\"]\n") }
        #expect(error?.message.contains("unknown key \"target\"") == true)
        #expect(error?.message.contains("targets") == true)
    }

    @Test func aKeyOfTheWrongTypeIsAnError() {
        let error = #expect(throws: NetAgentError.self) { try selection("[tcpconnect]\ncount = \"ten\"\n") }
        #expect(error?.message.contains("count must be of type integer") == true)
    }

    @Test func aTunerWithoutASchemaTakesNoKeys() {
        let error = #expect(throws: NetAgentError.self) { try selection("[bbr]\nqdisc = \"fq\"\n") }
        #expect(error?.message.contains("bbr takes no keys") == true)
    }

    @Test func anUnknownModuleOnTheCommandLineIsAnError() {
        #expect(throws: NetAgentError.self) { try selection("", SelectionOverrides(enable: ["nope"], host: "x")) }
    }

    @Test func probeKeysAreNotPassedToTheModule() throws {
        let selected = try selection("[tcpconnect]\ntargets = [\"127.0.0.1:1\"]\n")
        #expect(selected.config(for: try #require(catalog.module(named: "tcpconnect"))).isEmpty)
    }
}
