import NetAgentCore
import Synchronization

/// A clock for the agent loop that moves only when a test advances it: every sleep waits until
/// the test's `advance` passes its deadline (or its task is cancelled), so hours of schedule run
/// in milliseconds and no test waits for real time.
final class TestAgentClock: AgentClock {
    private struct Sleeper {
        let deadline: Int64
        let continuation: CheckedContinuation<Void, Never>
    }
    private struct State {
        var now: Int64 = 0
        var nextID = 0
        var sleepers: [Int: Sleeper] = [:]
        var sleeperWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

        /// Takes the waiters that `sleepers` now satisfies.
        mutating func satisfiedWaiters() -> [CheckedContinuation<Void, Never>] {
            let count = sleepers.count
            defer { sleeperWaiters.removeAll { $0.count <= count } }
            return sleeperWaiters.filter { $0.count <= count }.map(\.continuation)
        }
    }
    private let state = Mutex(State())

    func now() -> Int64 { state.withLock { $0.now } }

    func sleep(until deadline: Int64) async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let (wakeNow, waiters) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                    if deadline <= state.now || Task.isCancelled { return (true, []) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return (false, state.satisfiedWaiters())
                }
                for waiter in waiters { waiter.resume() }
                if wakeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume()
        }
    }

    /// Returns once at least `count` tasks sleep on this clock, so that an `advance` reaches them.
    func waitForSleepers(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.sleepers.count >= count { return true }
                state.sleeperWaiters.append((count, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Moves the clock `nanoseconds` on and wakes every sleep whose deadline has come.
    func advance(by nanoseconds: Int64) {
        let woken = state.withLock { state in
            state.now += nanoseconds
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for id in due.keys { state.sleepers.removeValue(forKey: id) }
            return due.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }
}

/// SplitMix64: a seeded generator, so a schedule's jitter is the same on every run.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
