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
}
