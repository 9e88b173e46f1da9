import NetAgentCore

/// The JSON of `run`.
struct RunReport: Encodable {
    let hostname: String
    let hostSection: String?
    let profile: String
    let dryRun: Bool
    var knobs: [KnobRow] = []
    /// The journal entry written, nil when nothing needed changing or on a dry run.
    var transaction: JournalEntry?
    /// With --measure: the probes' results before applying.
    var before: [TargetReport]?
    /// The probes' results after applying.
    var probes: [TargetReport] = []
    var skippedProbes: [SkippedProbe] = []
    /// Probes whose run failed; the others' results stand.
    var failedProbes: [FailedProbe] = []
    /// With --measure: before compared with after, per target.
    var comparisons: [ProbeComparison]?

    enum CodingKeys: String, CodingKey {
        case hostname, profile, knobs, transaction, before, probes, comparisons
        case hostSection = "host_section", dryRun = "dry_run", skippedProbes = "skipped_probes", failedProbes = "failed_probes"
    }

    init(selection: Selection, dryRun: Bool) {
        hostname = selection.hostname
        hostSection = selection.hostPattern
        profile = selection.profile.rawValue
        self.dryRun = dryRun
    }

    func print(json: Bool) {
        if json { return Output.json(self) }
        Swift.print("host \(hostname)" + (hostSection.map { " (section [host.\"\($0)\"])" } ?? "") + ", profile \(profile)"
                    + (dryRun ? ", dry run: nothing is changed" : ""))
        KnobTable.print(knobs, dryRun: dryRun)
        if dryRun { ValueDiff.print(knobs) }
        if let transaction {
            Swift.print("transaction \(transaction.id): \(transaction.state.rawValue), \(transaction.changes.count) knob(s) changed; undo with `netagent rollback \(transaction.id)`")
        } else if !dryRun {
            Swift.print("nothing to change")
        }
        ProbeTable.print(probes, skipped: skippedProbes, failed: failedProbes)
        if let comparisons { ComparisonTable.print(comparisons) }
    }
}
