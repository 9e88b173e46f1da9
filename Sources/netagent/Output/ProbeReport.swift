import NetAgentCore

/// The JSON of `probe`.
struct ProbeReport: Encodable {
    let targets: [TargetReport]
    let skippedProbes: [SkippedProbe]
    let failedProbes: [FailedProbe]
    let savedBaseline: String?
    let comparisons: [ProbeComparison]?
    enum CodingKeys: String, CodingKey {
        case targets, comparisons
        case skippedProbes = "skipped_probes", failedProbes = "failed_probes", savedBaseline = "saved_baseline"
    }
}
