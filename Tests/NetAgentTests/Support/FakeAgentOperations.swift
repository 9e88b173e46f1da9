import Dispatch
import Synchronization

@testable import NetAgentCore

/// Agent operations that do nothing but say what was asked of them, as events a test can wait
/// for: "load", "probe NAME", "probe NAME ended", "knobs", "apply", "applied ID", "rollback ID",
/// "end helpers". A test can hold an operation (`hold("apply")`) until it releases it, to find
/// the loop in the middle of it.
final class FakeAgentOperations: AgentOperations {
    /// A config made in the test: `[agent]` settings and the probes to schedule.
    struct Config: AgentConfig {
        var settings = AgentSettings()
        var scheduledProbes: [ScheduledProbe] = []
        var path: String? = "/etc/netagent/netagent.toml"
    }

    private struct State {
        var nextConfig = Config()
        var knobs: [StatusResult.Knob] = []
        var nextTransaction = 2
        var events: [String] = []
        var waiters: [(event: String, count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var gates: [String: DispatchSemaphore] = [:]
        var probesRunning = 0
        var mostProbesRunning = 0
    }
    private let state = Mutex(State())

    /// What `load` returns next.
    func setNextConfig(_ config: Config) { state.withLock { $0.nextConfig = config } }

    /// Makes every knob check find knob `key` of module "tcp" drifted (or in place).
    func setKnob(drifted: Bool) {
        let row = KnobRow(
            module: "tcp", key: "sysctl:net.ipv4.tcp_slow_start_after_idle", current: drifted ? "1" : "0", desired: "0",
            action: drifted ? .change : .unchanged, why: "test", reason: nil)
        state.withLock { $0.knobs = [StatusResult.Knob(row)] }
    }

    /// Every event so far, in order.
    var events: [String] { state.withLock { $0.events } }
    /// The most probe runs that were under way at once.
    var mostProbesRunning: Int { state.withLock { $0.mostProbesRunning } }

    /// Returns once `event` has happened `count` times.
    func waitFor(_ event: String, count: Int = 1) async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.events.filter({ $0 == event }).count >= count { return true }
                state.waiters.append((event, count, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Makes the next operation that reports `event` wait until `release(event)`.
    func hold(_ event: String) { state.withLock { $0.gates[event] = DispatchSemaphore(value: 0) } }

    /// Lets the operation held at `event` go on.
    func release(_ event: String) { state.withLock { $0.gates.removeValue(forKey: event) }?.signal() }

    /// Records `event`, wakes who waits for it, then waits if a test holds it.
    private func happen(_ event: String) {
        let (woken, gate) = state.withLock { state in
            state.events.append(event)
            let count = state.events.filter { $0 == event }.count
            let woken = state.waiters.filter { $0.event == event && $0.count <= count }
            state.waiters.removeAll { $0.event == event && $0.count <= count }
            return (woken.map(\.continuation), state.gates[event])
        }
        for continuation in woken { continuation.resume() }
        gate?.wait()
    }

    func load() throws -> Config {
        happen("load")
        return state.withLock { $0.nextConfig }
    }

    func probe(_ name: String, in config: Config) -> ProbeBatch.Outcome {
        state.withLock { state in
            state.probesRunning += 1
            state.mostProbesRunning = max(state.mostProbesRunning, state.probesRunning)
        }
        happen("probe \(name)")
        state.withLock { $0.probesRunning -= 1 }
        happen("probe \(name) ended")
        return ProbeBatch.Outcome()
    }

    func knobs(of config: Config) throws -> [StatusResult.Knob] {
        happen("knobs")
        return state.withLock { $0.knobs }
    }

    func apply(_ config: Config) throws -> AgentTransaction {
        happen("apply")
        let id = state.withLock { state in
            state.nextTransaction += 1
            return state.nextTransaction - 1
        }
        happen("applied \(id)")
        return .applied(id: id, changes: 1)
    }

    func pruneJournal(keep: Int) throws -> [Int] { [] }

    func rollback(_ id: Int) throws -> [Int] {
        happen("rollback \(id)")
        return [id]
    }

    func endHelpers() { happen("end helpers") }
}

/// A metrics sink that keeps a line per call: "probe NAME", "keep A,B", "drift N",
/// "transaction OUTCOME ID", "reload true|false".
final class RecordingAgentMetrics: AgentMetricsSink {
    private let lines = Mutex<[String]>([])

    var recorded: [String] { lines.withLock { $0 } }

    func recordProbe(_ module: String, targets: [String], outcome: ProbeBatch.Outcome) { add("probe \(module)") }
    func keepProbes(_ modules: Set<String>) { add("keep \(modules.sorted().joined(separator: ","))") }
    func recordDrift(_ knobs: [StatusResult.Knob]) { add("drift \(knobs.filter { $0.status == .drifted }.count)") }
    func recordTransaction(_ outcome: String, id: Int?) { add("transaction \(outcome) \(id.map(String.init) ?? "-")") }
    func recordReload(success: Bool) { add("reload \(success)") }

    private func add(_ line: String) { lines.withLock { $0.append(line) } }
}
