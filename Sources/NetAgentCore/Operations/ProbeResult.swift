/// What `ProbeOperation` measured: every target's report, the probes skipped or failed, and
/// with a baseline the comparison.
public struct ProbeResult: Sendable {
    public var reports: [TargetReport] = []
    public var skippedProbes: [SkippedProbe] = []
    public var failedProbes: [FailedProbe] = []
    /// ^C stopped the measurement: the reports hold what was measured until then.
    public var interrupted = false
    /// The baseline the measurement was saved as, if it was.
    public var savedBaseline: String?
    /// The baseline's comparison with this measurement, when one was asked for.
    public var comparisons: [ProbeComparison]?

    /// `invalidConfig` when a probe refused its request (a malformed target or setting),
    /// `failure` when a probe failed (the others' results stand), `checkFailed` when no
    /// target answered at all, else `success`.
    /// Interrupted by ^C, it exits as ping does: success if any reply came, else failure.
    public var exitStatus: ExitStatus {
        if failedProbes.contains(where: \.isInvalidRequest) { return .invalidConfig }
        if interrupted { return reports.contains { $0.statistics.received > 0 } ? .success : .failure }
        if !failedProbes.isEmpty { return .failure }
        return reports.contains { $0.statistics.received > 0 } ? .success : .checkFailed
    }
}
