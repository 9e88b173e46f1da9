import Glibc

/// Waiting between a probe's attempts on the monotonic clock, honouring the host's cancellation.
public enum Pacing {
    /// Sleeps until `instant` (monotonic nanoseconds), waking every 100 ms to check cancellation.
    public static func sleep(until instant: Int64, _ context: ModuleContext) throws {
        while true {
            if context.isCancelled { throw ModuleError.cancelled("stopped: deadline passed or cancelled") }
            let remaining = instant - MonotonicClock.nanoseconds()
            if remaining <= 0 { return }
            let step = min(remaining, 100_000_000)
            var interval = timespec(tv_sec: Int(step / 1_000_000_000), tv_nsec: Int(step % 1_000_000_000))
            nanosleep(&interval, nil)
        }
    }

    /// Runs `body` for rounds 0 to `count - 1`, round k at the start plus k × `intervalMS`. On
    /// ^C it stops early without an error, so the attempts made so far are the answer, as ping's
    /// statistics are; a passed deadline throws `ModuleError.cancelled`.
    public static func rounds(_ count: Int, intervalMS: Int, _ context: ModuleContext, _ body: (Int) throws -> Void) throws {
        let start = MonotonicClock.nanoseconds()
        for round in 0..<count where !context.isInterrupted {
            if round > 0 {
                do {
                    try sleep(until: start + Int64(round * intervalMS) * 1_000_000, context)
                } catch ModuleError.cancelled where context.isInterrupted {
                    return
                }
            }
            try body(round)
        }
    }
}
