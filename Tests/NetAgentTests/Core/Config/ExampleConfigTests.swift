import Testing

@testable import NetAgentCore

/// The example config shipped in contrib/ stays valid as modules change.
@Suite struct ExampleConfigTests {
    @Test func theExampleConfigInContribIsValidForEveryBuiltInModule() throws {
        let catalog = ModuleDiscovery.catalog(
            from: [ModuleDirectory(path: TestEnvironment.buildDirectory, origin: "build folder", onlyNetAgentLibraries: true)],
            helperPath: TestEnvironment.netagent)
        let config = try ConfigFile.load(path: TestEnvironment.packageRoot + "/contrib/netagent.toml")
        let edge = try Selection(config: config, catalog: catalog, overrides: SelectionOverrides(host: "edge-1"))
        #expect(edge.profile == .aggressive)
    }
}
