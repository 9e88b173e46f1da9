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
        if json { return Output.json(self) }
        ProbeTable.print(targets, skipped: skippedProbes, failed: failedProbes)
        if let comparisons { ComparisonTable.print(comparisons) }
        if let savedBaseline {
            Swift.print("saved as baseline \(savedBaseline) in \(BaselineStore(stateDirectory: stateDirectory).directory)")
        }
    }
}
