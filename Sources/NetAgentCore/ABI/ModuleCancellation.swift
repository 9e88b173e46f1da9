import Synchronization

/// Process-wide cancellation of running module calls (^C, SIGTERM): asked for once, seen by every
/// module through its `cancelled()` service.
public enum ModuleCancellation {
    /// Asks every running module call to stop (their `cancelled()` returns nonzero).
    /// Returns true when cancellation had already been asked for. Async-signal-safe.
    @discardableResult
    public static func requestCancellation() -> Bool {
        HostServices.cancellation.exchange(true, ordering: .relaxed)
    }

    /// True once cancellation was asked for (^C, or SIGTERM where a command listens for it).
    public static var isCancelled: Bool {
        HostServices.cancellation.load(ordering: .relaxed)
    }
}
