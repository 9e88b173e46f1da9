/// `netagent run` as one operation: check every knob and every probe table, probe before (with
/// `measure`), apply the knobs as one transaction, probe after, compare, and roll back when
/// something got worse and `rollbackIfWorse` asks for it. The state lock is held throughout.
/// Nothing here prints: the CLI and the agent render the `ApplyResult`.
public struct ApplyOperation {
    /// What the run does besides applying.
    public struct Options: Sendable {
        /// Also write the files that keep the sysctls across reboots.
        public var persist = false
        /// Run the enabled probes that have targets after applying.
        public var probe = true
        /// Probe before applying too, and compare.
        public var measure = false
        /// With `measure`: roll back when latency or loss got significantly worse.
        public var rollbackIfWorse = false
        public var comparison = ComparisonSettings()
        /// Write the results after applying in Prometheus text format to this file.
        public var prometheusPath: String?

        public init() {}
    }

    private let selection: Selection
    private let catalog: ModuleCatalog
    private let context: HostContext
    private let stateDirectory: String
    private let options: Options

    public init(selection: Selection, catalog: ModuleCatalog, context: HostContext, stateDirectory: String, options: Options) {
        self.selection = selection
        self.catalog = catalog
        self.context = context
        self.stateDirectory = stateDirectory
        self.options = options
    }

    /// The plan, changing nothing: what `run --dry-run` shows.
    public func plan() throws -> ApplyResult {
        var result = ApplyResult()
        result.knobs = try KnobPlanner.plan(selection, context: context, persist: options.persist)
        result.notPersisted = options.persist ? PersistenceFiles.notPersisted(result.knobs) : []
        return result
    }

    /// Runs it. A failure after the transaction was applied throws an error that names the
    /// transaction (exit status `appliedButFailed`): the tuning stays in place.
    public func run(progress: ProbeBatch.Progress? = nil) throws -> ApplyResult {
        let transaction = try KnobTransaction(catalog: catalog, stateDirectory: stateDirectory, context: context)
        try transaction.requireNothingUnfinished()
        var result = try plan()
        let probes = try ProbeBatch.plan(
            options.probe ? selection.modules(of: .probe) : [], selection: selection, overrides: ProbeOverrides(), skipWithoutTargets: true)
        result.skippedProbes = probes.skipped
        var before: ProbeBatch.Outcome?
        if options.measure {
            guard !probes.runs.isEmpty else {
                throw NetAgentError(
                    "--measure needs a probe with targets: set targets in a probe's table (see `netagent describe icmp`)",
                    exitCode: .invalidConfig)
            }
            before = ProbeBatch.run(probes, selection: selection, context: context, progress: progress)
            result.before = before?.reports
            result.knobs = try plan().knobs
        }
        do {
            result.transaction = try transaction.apply(result.knobs, hostname: selection.hostname, profile: selection.profile)
        } catch let failure as TransactionFailed {
            result.transaction = failure.entry
            result.verdict = .transactionFailed(failure)
            return result
        }
        do {
            try finish(&result, transaction, probes, before: before, progress: progress)
        } catch let failure as TransactionFailed {
            throw failure
        } catch {
            guard let entry = result.transaction else { throw error }
            throw NetAgentError(
                "transaction \(entry.id) was applied and stays in place (undo it with `netagent rollback \(entry.id)`), but then: \(error)",
                exitCode: .appliedButFailed)
        }
        return result
    }

    /// What follows a successful transaction: probes after, report file, comparison, rollback if worse.
    private func finish(
        _ result: inout ApplyResult, _ transaction: KnobTransaction, _ probes: ProbeBatch.Plan,
        before: ProbeBatch.Outcome?, progress: ProbeBatch.Progress?
    ) throws {
        guard options.probe else { return }
        let after = ProbeBatch.run(probes, selection: selection, context: context, progress: progress)
        result.probes = after.reports
        result.failedProbes = after.failures
        if let path = options.prometheusPath {
            try PrometheusExport.write(PrometheusExport.text(after.reports, durations: after.durations), to: path)
        }
        if let before {
            result.comparisons = ProbeComparison.compare(before: before.reports, after: after.reports, settings: options.comparison)
        }
        if options.rollbackIfWorse, let entry = result.transaction, let worse = result.comparisons?.first(where: \.isWorse) {
            result.transaction = try transaction.rollback(entry)
            result.verdict = .rolledBackWorse(worse)
        } else if !after.failures.isEmpty {
            result.verdict = .probesFailed
        }
    }
}
