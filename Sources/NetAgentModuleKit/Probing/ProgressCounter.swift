/// A probe's running count of attempts sent and replies received over every target, told to the
/// host's progress line (`ModuleContext.progress`) at most every 100 ms, and once at the end.
public struct ProgressCounter {
    public private(set) var sent = 0
    public private(set) var received = 0
    private var lastReport: Int64 = 0

    public init() {}

    /// Counts one attempt, answered or not.
    public mutating func record(answered: Bool, _ context: ModuleContext) {
        set(sent: sent + 1, received: received + (answered ? 1 : 0), context)
    }

    /// Sets the counts, for a probe that keeps them itself.
    public mutating func set(sent: Int, received: Int, _ context: ModuleContext) {
        self.sent = sent
        self.received = received
        let now = MonotonicClock.nanoseconds()
        guard now - lastReport >= 100_000_000 else { return }
        lastReport = now
        context.progress(sent: sent, received: received)
    }

    /// Tells the host the final counts.
    public func finish(_ context: ModuleContext) {
        context.progress(sent: sent, received: received)
    }
}
