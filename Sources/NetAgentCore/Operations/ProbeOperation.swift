/// `netagent probe` as one operation: measure with the enabled probes, and keep the result as a
/// baseline or compare it with one. Changes nothing but the baseline and report files it is given.
public struct ProbeOperation {
    /// What to do with the measurement besides returning it.
    public struct Options: Sendable {
        public var overrides = ProbeOverrides()
        /// Keep the measurement under this baseline name.
        public var saveBaseline: String?
        /// Compare the measurement with this baseline.
        public var compareWith: String?
        public var comparison = ComparisonSettings()
        /// Also write the results in Prometheus text format to this file.
        public var prometheusPath: String?

        public init() {}
    }

    private let selection: Selection
    private let context: HostContext
    private let stateDirectory: String
    private let options: Options

    public init(selection: Selection, context: HostContext, stateDirectory: String, options: Options) {
        self.selection = selection
        self.context = context
        self.stateDirectory = stateDirectory
        self.options = options
    }

    public func run(progress: ProbeBatch.Progress? = nil) throws -> ProbeResult {
        let probes = selection.modules(of: .probe)
        guard !probes.isEmpty else { throw NetAgentError("no probe is enabled (see `netagent list-modules`)", exitCode: .invalidConfig) }
        if options.overrides.targets != nil && probes.count > 1 {
            throw NetAgentError(
                "--target applies to one probe, but \(probes.map(\.name).joined(separator: ", ")) are enabled; choose one with --enable",
                exitCode: .invalidConfig)
        }
        let store = BaselineStore(stateDirectory: stateDirectory)
        let baseline = try options.compareWith.map { try store.load($0) }
        let plan = try ProbeBatch.plan(probes, selection: selection, overrides: options.overrides, skipWithoutTargets: probes.count > 1)
        let outcome = ProbeBatch.run(plan, selection: selection, context: context, progress: progress)
        var result = ProbeResult(reports: outcome.reports, skippedProbes: plan.skipped, failedProbes: outcome.failures)
        result.interrupted = outcome.interrupted
        // An interrupted measurement is partial: it is shown, never kept as a baseline.
        if let name = options.saveBaseline, !outcome.interrupted {
            try store.save(Baseline(name: name, hostname: selection.hostname, targets: outcome.reports))
            result.savedBaseline = name
        }
        if let path = options.prometheusPath {
            try PrometheusExport.write(outcome.reports, durations: outcome.durations, to: path)
        }
        result.comparisons = baseline.map { BaselineStore.compare($0, outcome.reports, settings: options.comparison) }
        return result
    }
}
