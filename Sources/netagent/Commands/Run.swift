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

    @Flag(help: ArgumentHelp(
        "Also write /etc/sysctl.d/99-netagent.conf so the sysctls survive a reboot without netagent.",
        discussion: "Limits and DNS settings are drop-in files already. NIC offloads are not kept by the kernel: enable contrib/systemd/netagent.service to re-apply them at boot."))
    var persist = false

    @Flag(name: .customLong("no-probe"), help: "Apply only; do not run the enabled probes afterwards.")
    var noProbe = false

    @Flag(help: "Probe before applying too, and compare before with after per target and statistic.")
    var measure = false

    @Flag(name: .customLong("rollback-if-worse"), help: ArgumentHelp(
        "With --measure: roll the transaction back when latency or loss got significantly worse (exit 5)."))
    var rollbackIfWorse = false

    @OptionGroup var comparison: ComparisonOptions

    @Option(help: ArgumentHelp("Write the probes' results after applying in Prometheus text format to FILE.", valueName: "file"),
            transform: absolutePath)
    var prometheus: String?

    func validate() throws {
        if selectionOptions.host != nil && !dryRun {
            throw ValidationError("--host only previews another host's selection; add --dry-run")
        }
        if rollbackIfWorse && !measure { throw ValidationError("--rollback-if-worse needs --measure") }
        if measure && noProbe { throw ValidationError("--measure probes; it cannot go with --no-probe") }
    }

    /// The knobs of the selection, and with --persist the files that keep them across reboots.
    private func plan(_ selection: Selection, _ context: HostContext) throws -> [KnobRow] {
        let rows = try KnobPlanner.plan(selection, context: context, persist: persist)
        if persist && rows.contains(where: { $0.key.hasPrefix("ethtool:") && $0.action != .unsupported }) {
            Output.warn("NIC offloads are not persisted by a file: enable contrib/systemd/netagent.service (systemctl enable netagent) to re-apply them at boot")
        }
        return rows
    }

    /// Applies the planned knobs (the caller holds the state lock); prints the report itself when the transaction fails.
    private func apply(_ environment: CommandEnvironment, _ selection: Selection, _ report: inout RunReport) throws -> ExitStatus {
        let transaction = KnobTransaction(catalog: environment.catalog, journal: environment.journal(), context: environment.context)
        do {
            report.transaction = try transaction.apply(report.knobs, hostname: selection.hostname, profile: selection.profile)
            return .success
        } catch let failure as TransactionFailed {
            report.transaction = failure.entry
            if global.json { report.print(json: true) }
            let code: ExitStatus = failure.entry.state == .restoreFailed ? .restoreFailed : .failure
            Output.error(failure.description, exitCode: code.rawValue, json: false)
            return code
        }
    }

    func run() throws {
        try reportingFailures(json: global.json) {
            let environment = try CommandEnvironment(global)
            let selection = try environment.selection(selectionOptions)
            var report = RunReport(selection: selection, dryRun: dryRun)
            if dryRun {
                try environment.warnAboutUnfinished()
                report.knobs = try plan(selection, environment.context)
                report.print(json: global.json)
                return .success
            }
            // One lock for the whole run: measuring, applying and any rollback are one operation.
            let lock = try StateDirectory.lock(global.stateDir)
            return try withExtendedLifetime(lock) { try applyAndMeasure(environment, selection, &report) }
        }
    }

    /// Checks everything (knobs and probe settings), probes before (with --measure), applies,
    /// probes after, compares, and rolls back when asked. A failure after the transaction was
    /// applied says so, with its id, and exits 6.
    private func applyAndMeasure(_ environment: CommandEnvironment, _ selection: Selection, _ report: inout RunReport) throws -> ExitStatus {
        let journal = try environment.warnAboutUnfinished()
        if let entry = journal.entries.first(where: { $0.state == .open }) {
            throw NetAgentError("transaction \(entry.id) was left unfinished; roll it back (`netagent rollback \(entry.id)`) before applying again")
        }
        if let entry = journal.possiblyOpen {
            throw NetAgentError("journal entry \(entry.id) cannot be read and may be a transaction a crash left open: \(entry.reason); repair it or move it out of the journal before applying again")
        }
        report.knobs = try plan(selection, environment.context)
        let probes = try ProbeBatch.plan(
            noProbe ? [] : selection.modules(of: .probe), selection: selection, overrides: ProbeOverrides(), skipWithoutTargets: true)
        report.skippedProbes = probes.skipped
        var before: ProbeBatch.Outcome?
        if measure {
            guard !probes.runs.isEmpty else {
                throw NetAgentError("--measure needs a probe with targets: set targets in a probe's table (see `netagent describe icmp`)", exitCode: .invalidConfig)
            }
            before = try ProbeBatch.run(probes, selection: selection, context: environment.context, showProgress: !global.json)
            report.before = before!.reports
            report.knobs = try plan(selection, environment.context)
        }
        let applied = try apply(environment, selection, &report)
        guard applied == .success else { return applied }
        do {
            return try finish(environment, selection, probes, before: before, &report)
        } catch let failure as TransactionFailed {
            throw failure
        } catch {
            guard let transaction = report.transaction else { throw error }
            throw NetAgentError(
                "transaction \(transaction.id) was applied and stays in place (undo it with `netagent rollback \(transaction.id)`), but then: \(error)",
                exitCode: .appliedButFailed)
        }
    }

    /// What follows a successful transaction: probes after, comparison, report, rollback if worse.
    private func finish(
        _ environment: CommandEnvironment, _ selection: Selection, _ probes: ProbeBatch.Plan,
        before: ProbeBatch.Outcome?, _ report: inout RunReport
    ) throws -> ExitStatus {
        if !noProbe {
            let after = try ProbeBatch.run(probes, selection: selection, context: environment.context, showProgress: !global.json)
            report.probes = after.reports
            report.failedProbes = after.failures
            if let prometheus {
                try PrometheusExport.write(PrometheusExport.text(after.reports, durations: after.durations), to: prometheus)
            }
            if let before {
                report.comparisons = ProbeComparison.compare(
                    before: before.reports, after: after.reports, alpha: comparison.alpha, minimumEffectMS: comparison.minimumEffectMS)
            }
        }
        if rollbackIfWorse, let transaction = report.transaction,
           let worse = report.comparisons?.first(where: { $0.latency.direction == "worse" || $0.loss.direction == "worse" }) {
            report.transaction = try KnobTransaction(catalog: environment.catalog, journal: environment.journal(), context: environment.context)
                .rollback(transaction)
            report.print(json: global.json)
            Output.warn("\(worse.module) \(worse.target) got significantly worse; transaction \(transaction.id) was rolled back")
            return .rolledBackWorse
        }
        report.print(json: global.json)
        guard report.failedProbes.isEmpty else {
            if let transaction = report.transaction {
                Output.warn("transaction \(transaction.id) was applied and stays in place, but a probe failed")
                return .appliedButFailed
            }
            return .failure
        }
        return .success
    }
}
