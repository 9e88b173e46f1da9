import NetAgentSystem

/// The time the agent loop schedules by: a monotonic "now" in nanoseconds and a sleep until a
/// point of it. The agent runs on `MonotonicAgentClock`; its tests drive a clock of their own,
/// so a schedule over hours checks in milliseconds.
public protocol AgentClock: Sendable {
    /// Nanoseconds since a fixed point; never jumps back.
    func now() -> Int64
    /// Returns at `deadline` or later, or as soon as the calling task is cancelled.
    func sleep(until deadline: Int64) async
}

/// `CLOCK_MONOTONIC`, and `Task.sleep` to wait on it.
public struct MonotonicAgentClock: AgentClock {
    public init() {}

    public func now() -> Int64 { MonotonicClock.nanoseconds() }

    public func sleep(until deadline: Int64) async {
        let wait = deadline - now()
        if wait > 0 { try? await Task.sleep(for: .nanoseconds(wait)) }
    }
}
