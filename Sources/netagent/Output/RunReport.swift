import NetAgentCore

/// `run`'s result as JSON (schema in docs/json.md) or as tables, with the warnings its verdict calls for.
struct RunReport: Encodable {
    let hostname: String
    let hostSection: String?
    let profile: String
    let dryRun: Bool
    /// What the run did; its knobs, transaction, probes and comparisons are the rest of the JSON.
    let result: ApplyResult

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
        self.result = result
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hostname, forKey: .hostname)
        try container.encodeIfPresent(hostSection, forKey: .hostSection)
        try container.encode(profile, forKey: .profile)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(result.knobs, forKey: .knobs)
        try container.encodeIfPresent(result.transaction, forKey: .transaction)
        try container.encodeIfPresent(result.before, forKey: .before)
        try container.encode(result.probes, forKey: .probes)
        try container.encode(result.skippedProbes, forKey: .skippedProbes)
        try container.encode(result.failedProbes, forKey: .failedProbes)
        try container.encodeIfPresent(result.comparisons, forKey: .comparisons)
    }

    func print(json: Bool) {
        if !result.notPersisted.isEmpty {
            Output.warn(
                "no file keeps \(result.notPersisted.map(\.key).joined(separator: ", ")) across a reboot: enable contrib/systemd/netagent.service (systemctl enable netagent) to re-apply them at boot"
            )
        }
        FailedProbeMessages.print(result.failedProbes)
        json ? Output.json(self) : printTables()
        switch result.verdict {
        case .applied:
            break
        case .transactionFailed(let failure):
            Output.error(failure.description, exitCode: ExitStatus(for: failure).rawValue, json: false)
        case .rolledBackWorse(let worse):
            Output.warn(
                "\(worse.module) \(worse.target) got significantly worse; transaction \(result.transaction?.id ?? 0) was rolled back")
        case .probesFailed:
            if let transaction = result.transaction {
                Output.warn("transaction \(transaction.id) was applied and stays in place, but a probe failed")
            }
        }
    }

    private func printTables() {
        Swift.print(
            "host \(hostname)" + (hostSection.map { " (section [host.\"\($0)\"])" } ?? "") + ", profile \(profile)"
                + (dryRun ? ", dry run: nothing is changed" : ""))
        KnobTable.print(result.knobs, dryRun: dryRun)
        for knob in result.knobs where knob.action == .change && (dryRun || result.transaction?.state == .applied) {
            if let note = knob.afterChange { Swift.print("note: \(knob.key): \(note)") }
        }
        if dryRun { ValueDiff.print(result.knobs) }
        if let transaction = result.transaction {
            Swift.print(
                "transaction \(transaction.id): \(transaction.state.rawValue), \(transaction.changes.count) knob(s) changed; undo with `netagent rollback \(transaction.id)`"
            )
        } else if !dryRun {
            Swift.print("nothing to change")
        }
        ProbeTable.print(result.probes, skipped: result.skippedProbes, failed: result.failedProbes)
        if let comparisons = result.comparisons { RoundTable.print(comparisons) }
    }
}
