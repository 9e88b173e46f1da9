import ArgumentParser
import NetAgentCore

/// `netagent probe`
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Measure only: run the enabled probes against their targets and print statistics.",
        discussion: """
            Each probe returns raw samples; netagent computes min, avg, max, mdev (population \
            standard deviation, as ping), nearest-rank p50/p90/p99, loss, loss bursts and RFC 3550 \
            jitter. Targets, count, interval_ms and timeout_ms come from each probe's [name] table in \
            the config; --target, --count, --interval and --timeout override them. Exits 2 when no \
            target answered at all.

            --save-baseline NAME keeps the raw samples under --state-dir; --compare NAME measures \
            again and prints, per target and statistic, before, after and the change, with a \
            Mann-Whitney U test on the raw RTTs (robust to skewed latency distributions, and \
            deterministic, unlike a bootstrap) and a two-proportion z test on loss. A change is \
            significant when p < --alpha and the median moved by at least --min-effect-ms and 5 %.

            Examples:
              netagent probe --enable icmp --target 192.0.2.1 --target 2001:db8::1 --count 100 --interval 20
              netagent probe --save-baseline before
              netagent probe --compare before --prometheus /var/lib/node_exporter/netagent.prom
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selectionOptions: SelectionOptions

    @Option(
        name: .customLong("target"),
        help: ArgumentHelp(
            "A target for the one enabled probe (repeatable): host:port, host or URL.", valueName: "target"))
    var targets: [String] = []

    @Option(help: "Attempts per target.")
    var count: Int?

    @Option(help: ArgumentHelp("Milliseconds between rounds of attempts.", valueName: "ms"))
    var interval: Int?

    @Option(help: ArgumentHelp("Milliseconds one attempt may take.", valueName: "ms"))
    var timeout: Int?

    @Option(name: .customLong("save-baseline"), help: ArgumentHelp("Keep this measurement under NAME.", valueName: "name"))
    var saveBaseline: String?

    @Option(help: ArgumentHelp("Compare this measurement with the baseline NAME.", valueName: "name"))
    var compare: String?

    @OptionGroup var comparison: ComparisonOptions

    @Option(
        help: ArgumentHelp("Also write the results in Prometheus text format to FILE (atomically).", valueName: "file"),
        transform: absolutePath)
    var prometheus: String?

    func validate() throws {
        for name in [saveBaseline, compare].compactMap({ $0 }) {
            do { try BaselineStore.validate(name) } catch let error as NetAgentError { throw ValidationError(error.message) }
        }
    }

    func run() throws {
        try reportingFailures(json: global.json) {
            let environment = try CommandEnvironment(global)
            let selection = try environment.selection(selectionOptions)
            _ = try? environment.warnAboutUnfinished()
            var options = ProbeOperation.Options()
            options.overrides = ProbeOverrides(
                targets: targets.isEmpty ? nil : targets, count: count, intervalMS: interval, timeoutMS: timeout)
            options.saveBaseline = saveBaseline
            options.compareWith = compare
            options.comparison = comparison.settings
            options.prometheusPath = prometheus
            let progressLine = ProgressLine.make(enabled: !global.json)
            defer { progressLine?.finish() }
            let context = progressLine?.reporting(into: environment.context) ?? environment.context
            let result = try ProbeOperation(selection: selection, context: context, stateDirectory: global.stateDir, options: options)
                .run(progress: progressLine?.started)
            progressLine?.finish()
            ProbeReport(result).print(json: global.json, stateDirectory: global.stateDir)
            if result.interrupted && saveBaseline != nil {
                Output.warn("interrupted: the measurement is partial, so it was not saved as baseline \(saveBaseline!)")
            }
            return result.exitStatus
        }
    }
}
