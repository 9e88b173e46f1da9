/// Process-wide control over running module calls.
public enum ModuleCalls {
    /// Asks every running module call to stop (their `cancelled()` returns nonzero). Async-signal-safe.
    public static func requestCancellation() {
        HostServices.cancellation.store(true, ordering: .relaxed)
    }
}
