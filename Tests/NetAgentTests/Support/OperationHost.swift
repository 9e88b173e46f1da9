import Logging

@testable import NetAgentCore

/// What a command sets up before it calls an operation, here in the test's process: a context on
/// a `--root` tree, the modules this build made (read in helpers: the built `netagent`), and a
/// state directory of its own. Tuners run in this process, as they run in a command's; probes in
/// helper processes.
struct OperationHost {
    let context: HostContext
    let catalog: ModuleCatalog
    let state: TemporaryDirectory

    init(root: String) throws {
        ModuleCallGuard.install()
        context = try HostContext(
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, root: root, helperPath: TestEnvironment.netagent)
        let build = ModuleDirectory(path: TestEnvironment.buildDirectory, origin: "build folder", onlyNetAgentLibraries: true)
        catalog = ModuleDiscovery.catalog(from: [build], helperPath: TestEnvironment.netagent)
        state = try TemporaryDirectory()
    }

    /// The selection of an empty config with `modules` enabled, under `profile`.
    func selection(_ modules: [String], profile: Profile = .moderate, config: String = "") throws -> Selection {
        let file = try ConfigFile(text: config, path: state.path + "/netagent.toml")
        return try Selection(config: file, catalog: catalog, overrides: SelectionOverrides(enable: modules, profile: profile))
    }
}
