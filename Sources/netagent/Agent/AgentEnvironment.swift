import NetAgentCore

/// What the agent keeps from its command line for the life of the process: the context, the
/// modules found at start, where the config and the state live, and the selection options.
/// Every method is synchronous work for `Blocking.run`.
struct AgentEnvironment: Sendable {
    let context: HostContext
    let catalog: ModuleCatalog
    let stateDirectory: String
    /// `--config`, or nil for the default path.
    let configPath: String?
    let overrides: SelectionOverrides

    /// Loads and checks the config: the selection and every probe's settings.
    func load() throws -> LoadedConfig {
        let config = try ConfigFile.load(path: configPath)
        let selection = try Selection(config: config, catalog: catalog, overrides: overrides)
        let probes = try ProbeBatch.plan(
            selection.modules(of: .probe), selection: selection, overrides: ProbeOverrides(), skipWithoutTargets: true)
        return LoadedConfig(config: config, selection: selection, probes: probes)
    }

    /// Compares every knob of `selection` with its desired value, as `status` does.
    func status(_ selection: Selection) throws -> StatusResult {
        try StatusOperation(selection: selection, context: context, stateDirectory: stateDirectory, persist: false).run()
    }

    /// Applies `selection`'s tuners as one transaction, as `run --no-probe` does.
    func apply(_ selection: Selection) throws -> ApplyResult {
        var options = ApplyOperation.Options()
        options.probe = false
        return try ApplyOperation(
            selection: selection, catalog: catalog, context: context, stateDirectory: stateDirectory, options: options
        )
        .run()
    }

    /// Prunes the journal to the newest `keep` entries (sparing those that can be undone).
    func pruneJournal(keep: Int) throws -> [Int] {
        try KnobTransaction(catalog: catalog, stateDirectory: stateDirectory, context: context).pruneJournal(keep: keep)
    }

    /// Rolls back transaction `id`.
    func rollback(_ id: Int) throws -> [JournalEntry] {
        try RollbackOperation(catalog: catalog, context: context, stateDirectory: stateDirectory).run(id: id)
    }
}
