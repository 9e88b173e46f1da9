/// The agent's work on this host, as the commands do it: the config as `run` reads it, a probe
/// as `probe` runs it, the knobs as `status` compares them, a transaction as `run --no-probe`
/// applies it, and rollback as `rollback` does it.
public struct HostAgentOperations: AgentOperations {
    public let context: HostContext
    public let catalog: ModuleCatalog
    public let stateDirectory: String
    /// `--config`, or nil for the default path.
    public let configPath: String?
    public let overrides: SelectionOverrides
    /// Each probe's helper process stays up between runs: a run costs a request, not a process.
    let helpers = PersistentHelpers()

    public init(context: HostContext, catalog: ModuleCatalog, stateDirectory: String, configPath: String?, overrides: SelectionOverrides) {
        self.context = context
        self.catalog = catalog
        self.stateDirectory = stateDirectory
        self.configPath = configPath
        self.overrides = overrides
    }

    public func load() throws -> LoadedConfig {
        let config = try ConfigFile.load(path: configPath)
        let selection = try Selection(config: config, catalog: catalog, overrides: overrides)
        let probes = try ProbeBatch.plan(
            selection.modules(of: .probe), selection: selection, overrides: ProbeOverrides(), skipWithoutTargets: true)
        return LoadedConfig(config: config, selection: selection, probes: probes)
    }

    public func probe(_ name: String, in config: LoadedConfig) -> ProbeBatch.Outcome {
        ProbeBatch.run(config.probes.only(name), selection: config.selection, context: context, helpers: helpers)
    }

    public func knobs(of config: LoadedConfig) throws -> [StatusResult.Knob] {
        try StatusOperation(selection: config.selection, context: context, stateDirectory: stateDirectory, persist: false).run().knobs
    }

    public func apply(_ config: LoadedConfig) throws -> AgentTransaction {
        var options = ApplyOperation.Options()
        options.probe = false
        let result = try ApplyOperation(
            selection: config.selection, catalog: catalog, context: context, stateDirectory: stateDirectory, options: options
        )
        .run()
        if case .transactionFailed(let failure) = result.verdict { return .failed(id: result.transaction?.id, error: failure) }
        return result.transaction.map { .applied(id: $0.id, changes: $0.changes.count) } ?? .unchanged
    }

    public func pruneJournal(keep: Int) throws -> [Int] {
        try KnobTransaction(catalog: catalog, stateDirectory: stateDirectory, context: context).pruneJournal(keep: keep)
    }

    public func rollback(_ id: Int) throws -> [Int] {
        try RollbackOperation(catalog: catalog, context: context, stateDirectory: stateDirectory).run(id: id).map(\.id)
    }

    public func endHelpers() { helpers.closeAll() }
}
