import ArgumentParser
import NetAgentCore

/// `netagent run`
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the enabled tuners as one transaction, then run the enabled probes that have targets.",
        discussion: """
            Every knob's current value is read and compared with what its tuner wants; the \
            differences are recorded in the journal (fsync'd, under --state-dir) before the first \
            write, then written and read back. If any write or read-back fails, every knob already \
            written is restored, newest first, and the command fails. `netagent rollback` undoes \
            the transaction later. Knobs this host lacks are reported unsupported and skipped.

            Selection: the config's top level, then the [host."glob"] section matching this \
            machine's hostname (an exact name beats any glob; otherwise the glob with the most \
            literal characters; equally specific matches are an error), then --enable, --disable \
            and --profile. With no enable list anywhere, every module found is enabled.

            Examples:
              netagent run --enable bbr --dry-run        show current -> desired, change nothing
              netagent run --profile aggressive
              netagent run --host edge-7 --dry-run       preview another host's selection
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selectionOptions: SelectionOptions

    @Flag(name: .customLong("dry-run"), help: "Show the plan (current -> desired per knob); change nothing.")
    var dryRun = false

    @Flag(
        help: ArgumentHelp(
            "Also write /etc/sysctl.d/99-netagent.conf so the sysctls survive a reboot without netagent.",
            discussion:
                "Limits and DNS settings are drop-in files already. NIC offloads are not kept by the kernel: enable contrib/systemd/netagent.service to re-apply them at boot."
        ))
    var persist = false

    @Flag(name: .customLong("no-probe"), help: "Apply only; do not run the enabled probes afterwards.")
    var noProbe = false

    @Flag(
        help: ArgumentHelp(
            "Measure the gain as an experiment: before, apply, after, roll back, in --rounds rounds, ending applied.",
            discussion: """
                Each window runs every enabled probe with new connections (new flows use the congestion \
                control in force); the path rests a second between windows. A statistic (median, p99, \
                loss, goodput) counts as better or worse when it moved that way in every round, by at \
                least --min-effect-ms and 5 % for latency, one point for loss, 10 % for goodput: a sign \
                test over rounds, whose p-value is 0.5^rounds. Samples within a window are correlated \
                under load, so they are not pooled. With one round no significance is claimed.
                """))
    var measure = false

    @Option(help: ArgumentHelp("With --measure: how many before/after rounds (default 3).", valueName: "n"))
    var rounds = 3

    @Flag(
        name: .customLong("rollback-if-worse"),
        help: ArgumentHelp(
            "With --measure: roll back when the median, the p99, loss or goodput got significantly worse (exit 5)."))
    var rollbackIfWorse = false

    @OptionGroup var comparison: ComparisonOptions

    @Option(
        help: ArgumentHelp("Write the probes' results after applying in Prometheus text format to FILE.", valueName: "file"),
        transform: absolutePath)
    var prometheus: String?

    func validate() throws {
        if selectionOptions.host != nil && !dryRun {
            throw ValidationError("--host only previews another host's selection; add --dry-run")
        }
        if rollbackIfWorse && !measure { throw ValidationError("--rollback-if-worse needs --measure") }
        if measure && noProbe { throw ValidationError("--measure probes; it cannot go with --no-probe") }
        if !(1...20).contains(rounds) { throw ValidationError("--rounds \(rounds): give 1 to 20 rounds") }
    }

    func run() throws {
        try reportingFailures(json: global.json) {
            if !dryRun { try global.requireRootToChangeSettings() }
            let environment = try CommandEnvironment(global)
            let selection = try environment.selection(selectionOptions)
            var options = ApplyOperation.Options()
            options.persist = persist
            options.probe = !noProbe
            options.measure = measure
            options.rollbackIfWorse = rollbackIfWorse
            options.rounds = rounds
            options.comparison = comparison.settings
            options.prometheusPath = prometheus
            let progressLine = ProgressLine.make(enabled: !global.json && !dryRun)
            defer { progressLine?.finish() }
            let operation = ApplyOperation(
                selection: selection, catalog: environment.catalog,
                context: progressLine?.reporting(into: environment.context) ?? environment.context,
                stateDirectory: global.stateDir, options: options)
            if dryRun {
                // A plan needs no journal: a user who cannot read root's still gets it.
                environment.warnAboutUnfinishedIfListable()
            } else {
                try environment.warnAboutUnfinished()
            }
            let result = dryRun ? try operation.plan() : try operation.run(progress: progressLine?.started)
            progressLine?.finish()
            RunReport(selection: selection, dryRun: dryRun, result: result).print(json: global.json)
            return result.exitStatus
        }
    }
}
