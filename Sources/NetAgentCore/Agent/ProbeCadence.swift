/// When one probe of the agent runs: the first run at a random point of its first period, so
/// probes started together do not align; each next run a period after the last was *due* (not
/// after it ended, so the schedule does not drift by the runs' length), give or take 5 %, and
/// never sooner than half a period after the last run started. A run that outlasts its period
/// delays the next, which then starts as soon as it ends: runs of one probe never overlap.
public struct ProbeCadence: Sendable {
    /// When the next run is due; nil before the first.
    public private(set) var due: Int64?

    public init() {}

    /// When the next run is due, picking the first run's point in `period` on the first call.
    public mutating func nextRun(now: Int64, period: Int64, using random: inout some RandomNumberGenerator) -> Int64 {
        if let due { return due }
        let first = now + Int64.random(in: 0..<max(period, 1), using: &random)
        due = first
        return first
    }

    /// Records that a run starts at `now`, at or after it was due, and sets when the next is due.
    public mutating func start(now: Int64, period: Int64, using random: inout some RandomNumberGenerator) {
        let jitter = Int64.random(in: -(period / 20)...(period / 20), using: &random)
        due = max((due ?? now) + period + jitter, now + period / 2)
    }
}
