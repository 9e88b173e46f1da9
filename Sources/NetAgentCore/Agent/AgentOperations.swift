/// The work the agent loop orders, each a synchronous call it makes off the cooperative threads:
/// loading the config, one probe run, the knobs' state, a transaction, journal pruning and
/// rollback. `HostAgentOperations` does them on this host; tests give fakes.
public protocol AgentOperations: Sendable {
    associatedtype Config: AgentConfig

    /// Reads and checks the config.
    func load() throws -> Config
    /// Runs probe `name` of `config` once.
    func probe(_ name: String, in config: Config) -> ProbeBatch.Outcome
    /// Every knob of `config`'s selection with its state, as `status` finds them.
    func knobs(of config: Config) throws -> [StatusResult.Knob]
    /// Applies `config`'s selection as one transaction (only what differs changes).
    func apply(_ config: Config) throws -> AgentTransaction
    /// Prunes the journal to the newest `keep` entries; the ids pruned.
    func pruneJournal(keep: Int) throws -> [Int]
    /// Rolls back transaction `id`; the ids of the entries rolled back.
    func rollback(_ id: Int) throws -> [Int]
    /// Ends the probes' helper processes.
    func endHelpers()
}

/// What one transaction of the agent came to.
public enum AgentTransaction: Sendable {
    /// Every knob was as desired: nothing applied, no journal entry.
    case unchanged
    /// Transaction `id` changed `changes` knobs.
    case applied(id: Int, changes: Int)
    /// It failed (`error` says whether what it had changed was restored); `id` is its journal
    /// entry, when it got one.
    case failed(id: Int?, error: any Error & Sendable)
}

/// Where the agent loop records what happened, for /metrics.
public protocol AgentMetricsSink: Sendable {
    func recordProbe(_ module: String, targets: [String], outcome: ProbeBatch.Outcome)
    /// Forgets the probes a reload disabled.
    func keepProbes(_ modules: Set<String>)
    func recordDrift(_ knobs: [StatusResult.Knob])
    /// `outcome` is "applied", "failed" or "rolled-back".
    func recordTransaction(_ outcome: String, id: Int?)
    func recordReload(success: Bool)
}

extension AgentMetrics: AgentMetricsSink {}
