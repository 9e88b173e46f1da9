import Glibc

/// `netagent run` as one operation: check every knob and every probe table, apply the knobs as
/// one transaction and probe after. With `measure` it is an experiment in rounds: before (the
/// settings as they were), apply, after, roll back, and again, `rounds` times, ending applied;
/// the path rests a second between windows; `RoundComparison` judges from the rounds, and with
/// `rollbackIfWorse` a significantly worse result is rolled back. The state lock is held throughout.
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
        /// With `measure`: before/after rounds, each starting from the settings as they were.
        public var rounds = 3
        /// With `measure`: roll back when the median, the p99, loss or goodput got significantly worse.
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
        if options.measure && probes.runs.isEmpty {
            throw NetAgentError(
                "--measure needs a probe with targets: set targets in a probe's table (see `netagent describe icmp`)",
                exitCode: .invalidConfig)
        }
        let rounds = options.measure ? max(options.rounds, 1) : 1
        var windows: [(before: [TargetReport], after: [TargetReport])] = []
        for round in 1...rounds {
            var before: [TargetReport]?
            if options.measure {
                if round > 1 { Self.letThePathGoIdle() }
                before = ProbeBatch.run(probes, selection: selection, context: context, progress: progress).reports
                if round == 1 { result.before = before }
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
                let after = try probeAfterApplying(&result, probes, lastRound: round == rounds, progress: progress)
                if let before { windows.append((before, after)) }
                // Every round but the last starts the next one from the settings as they were.
                if round < rounds, let entry = result.transaction {
                    _ = try transaction.rollback(entry)
                    Self.letThePathGoIdle()
                }
            } catch let failure as TransactionFailed {
                throw failure
            } catch {
                guard let entry = result.transaction else { throw error }
                throw NetAgentError(
                    "transaction \(entry.id) was applied and stays in place (undo it with `netagent rollback \(entry.id)`), but then: \(error)",
                    exitCode: .appliedButFailed)
            }
        }
        if options.measure {
            result.comparisons = RoundComparison.compare(windows, settings: options.comparison)
            if options.rollbackIfWorse, let entry = result.transaction,
                let worse = result.comparisons?.first(where: { $0.verdict == .worse && $0.significant })
            {
                result.transaction = try transaction.rollback(entry)
                result.verdict = .rolledBackWorse(worse)
                return result
            }
        }
        if !result.failedProbes.isEmpty { result.verdict = .probesFailed }
        return result
    }

    /// How long the path rests between measurement windows, so one window's flows do not still
    /// fill the queue when the next begins.
    static let idleBetweenWindowsMS = 1000

    private static func letThePathGoIdle() {
        usleep(useconds_t(idleBetweenWindowsMS * 1000))
    }

    /// Runs the probes after a transaction; in the last round, also keeps their results and
    /// writes the report file. Returns the reports.
    private func probeAfterApplying(
        _ result: inout ApplyResult, _ probes: ProbeBatch.Plan, lastRound: Bool, progress: ProbeBatch.Progress?
    ) throws -> [TargetReport] {
        guard options.probe else { return [] }
        let after = ProbeBatch.run(probes, selection: selection, context: context, progress: progress)
        result.failedProbes += after.failures.filter { failure in !result.failedProbes.contains { $0.module == failure.module } }
        guard lastRound else { return after.reports }
        result.probes = after.reports
        if let path = options.prometheusPath {
            try PrometheusExport.write(after.reports, durations: after.durations, to: path)
        }
        return after.reports
    }
}
