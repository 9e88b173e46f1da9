import NetAgentCore

/// `probe`'s result as JSON (schema in docs/json.md) or as tables.
struct ProbeReport: Encodable {
    let targets: [TargetReport]
    let skippedProbes: [SkippedProbe]
    let failedProbes: [FailedProbe]
    let savedBaseline: String?
    let comparisons: [ProbeComparison]?
    enum CodingKeys: String, CodingKey {
        case targets, comparisons
        case skippedProbes = "skipped_probes"
        case failedProbes = "failed_probes"
        case savedBaseline = "saved_baseline"
    }

    init(_ result: ProbeResult) {
        targets = result.reports
        skippedProbes = result.skippedProbes
        failedProbes = result.failedProbes
        savedBaseline = result.savedBaseline
        comparisons = result.comparisons
    }

    func print(json: Bool, stateDirectory: String) {
        FailedProbeMessages.print(failedProbes)
        if json { return printJSON() }
        ProbeTable.print(targets, skipped: skippedProbes, failed: failedProbes)
        if let comparisons { ComparisonTable.print(comparisons) }
        if let savedBaseline {
            Swift.print("saved as baseline \(savedBaseline) in \(BaselineStore(stateDirectory: stateDirectory).directory)")
        }
    }

    /// The report as JSON, the targets streamed one at a time (a run may measure thousands).
    private func printJSON() {
        do {
            try StreamedJSON.printObject(
                [
                    CodingKeys.skippedProbes.stringValue: skippedProbes, CodingKeys.failedProbes.stringValue: failedProbes,
                    CodingKeys.savedBaseline.stringValue: savedBaseline, CodingKeys.comparisons.stringValue: comparisons,
                ], arrayKey: CodingKeys.targets.stringValue, elements: targets)
        } catch {
            Output.standardError("netagent: cannot encode the JSON report: \(error)\n")
        }
    }
}
