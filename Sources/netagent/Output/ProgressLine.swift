import Glibc
import NetAgentCore
import NetAgentSystem
import Synchronization

/// The progress line while probes run, on standard error when it is a terminal and the output
/// is not JSON: one line rewritten in place, such as
/// "icmp 1.1.1.1 (+2 more): sent 120 of 300, lost 3, 2.4 s of about 6 s". It is erased before the
/// results are printed.
final class ProgressLine: Sendable {
    private struct State {
        var label = ""
        var start: Int64 = 0
        var expectedS = 0.0
        var attempts = 0
        var shown = false
    }
    private let state = Mutex(State())

    /// A progress line when `enabled` and standard error is a terminal, else nil.
    static func make(enabled: Bool) -> ProgressLine? {
        enabled && isatty(2) != 0 ? ProgressLine() : nil
    }

    /// `context` with every one-off probe run reporting its progress to this line.
    func reporting(into context: HostContext) -> HostContext {
        var context = context
        context.probeProgress = { [self] progress in show(progress) }
        return context
    }

    /// Called as each probe starts.
    func started(_ module: String, _ settings: ProbeSettings) {
        state.withLock { state in
            let more = settings.targets.count > 1 ? " (+\(settings.targets.count - 1) more)" : ""
            state.label = "\(module) \(settings.targets.first ?? "")\(more)"
            state.start = MonotonicClock.nanoseconds()
            state.expectedS = Double(max(settings.count - 1, 0) * settings.intervalMS) / 1000
            state.attempts = settings.count * settings.targets.count
        }
        show(ProbeProgress(sent: 0, received: 0))
    }

    /// Called with each report the running probe makes.
    func show(_ progress: ProbeProgress) {
        state.withLock { state in
            let elapsed = Double(MonotonicClock.nanoseconds() - state.start) / 1e9
            let text =
                "\(state.label): sent \(progress.sent) of \(state.attempts), lost \(progress.sent - progress.received), "
                + "\(Output.formatted(elapsed, decimals: 1)) s of about \(Output.formatted(state.expectedS, decimals: 0)) s"
            Output.standardError("\r\u{1B}[K" + text)
            state.shown = true
        }
    }

    /// Erases the line, before the results are printed.
    func finish() {
        state.withLock { state in
            if state.shown { Output.standardError("\r\u{1B}[K") }
            state.shown = false
        }
    }
}
