import Glibc

/// `CLOCK_MONOTONIC` in integer nanoseconds: the one clock for deadlines and RTTs, in the host
/// and in modules.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point; never jumps with wall-clock changes.
    public static func nanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
