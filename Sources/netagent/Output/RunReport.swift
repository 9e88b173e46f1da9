import NetAgentCore

/// `run`'s result as JSON (schema in docs/json.md) or as tables, with the warnings its verdict calls for.
struct RunReport: Encodable {
    let hostname: String
    let hostSection: String?
    let profile: String
    let dryRun: Bool
    let knobs: [KnobRow]
    /// The journal entry written, nil when nothing needed changing or on a dry run.
    let transaction: JournalEntry?
    /// With --measure: the probes' results before applying.
    let before: [TargetReport]?
    /// The probes' results after applying.
    let probes: [TargetReport]
    let skippedProbes: [SkippedProbe]
    /// Probes whose run failed; the others' results stand.
    let failedProbes: [FailedProbe]
    /// With --measure: the rounds compared, per target.
    let comparisons: [RoundComparison]?
    private let result: ApplyResult

    enum CodingKeys: String, CodingKey {
        case hostname, profile, knobs, transaction, before, probes, comparisons
        case hostSection = "host_section"
        case dryRun = "dry_run"
        case skippedProbes = "skipped_probes"
        case failedProbes = "failed_probes"
    }

    init(selection: Selection, dryRun: Bool, result: ApplyResult) {
        hostname = selection.hostname
        hostSection = selection.hostPattern
        profile = selection.profile.rawValue
        self.dryRun = dryRun
        knobs = result.knobs
        transaction = result.transaction
        before = result.before
        probes = result.probes
        skippedProbes = result.skippedProbes
        failedProbes = result.failedProbes
        comparisons = result.comparisons
        self.result = result
    }

    func print(json: Bool) {
        if !result.notPersisted.isEmpty {
            Output.warn(
                "no file keeps \(result.notPersisted.map(\.key).joined(separator: ", ")) across a reboot: enable contrib/systemd/netagent.service (systemctl enable netagent) to re-apply them at boot"
            )
        }
        FailedProbeMessages.print(failedProbes)
        json ? Output.json(self) : printTables()
        switch result.verdict {
        case .applied:
            break
        case .transactionFailed(let failure):
            Output.error(failure.description, exitCode: ExitStatus(for: failure).rawValue, json: false)
        case .rolledBackWorse(let worse):
            Output.warn("\(worse.module) \(worse.target) got significantly worse; transaction \(transaction?.id ?? 0) was rolled back")
        case .probesFailed:
            if let transaction { Output.warn("transaction \(transaction.id) was applied and stays in place, but a probe failed") }
        }
    }

    private func printTables() {
        Swift.print(
            "host \(hostname)" + (hostSection.map { " (section [host.\"\($0)\"])" } ?? "") + ", profile \(profile)"
                + (dryRun ? ", dry run: nothing is changed" : ""))
        KnobTable.print(knobs, dryRun: dryRun)
        for knob in knobs where knob.action == .change && (dryRun || transaction?.state == .applied) {
            if let note = knob.afterChange { Swift.print("note: \(knob.key): \(note)") }
        }
        if dryRun { ValueDiff.print(knobs) }
        if let transaction {
            Swift.print(
                "transaction \(transaction.id): \(transaction.state.rawValue), \(transaction.changes.count) knob(s) changed; undo with `netagent rollback \(transaction.id)`"
            )
        } else if !dryRun {
            Swift.print("nothing to change")
        }
        ProbeTable.print(probes, skipped: skippedProbes, failed: failedProbes)
        if let comparisons { RoundTable.print(comparisons) }
    }
}
