import Glibc
import NetAgentSystem
import Synchronization

/// One probe module's helper process kept running between runs, for a long-lived netagent (the
/// agent), so each run costs a request and an answer over the pipes instead of a new process:
/// `netagent module-host --serve` (`HelperServer`) reads one `HelperRequest` per line and writes
/// one `HelperAnswer` for each.
///
/// The isolation is the one-shot helper's: a helper that crashes, exits, hangs past a run's
/// deadline or writes too much is killed with its process group and its run fails; the next run
/// starts a new one. A helper is also replaced after `maximumRuns` runs, so a module that leaks
/// cannot grow without bound.
final class PersistentHelper: Sendable {
    /// A running helper: its pid, our ends of its pipes, what it has written past the last
    /// answer, and how many runs it served.
    private struct Running {
        let pid: pid_t
        let input: Int32
        let output: Int32
        var pending: [UInt8] = []
        var runs = 0
    }

    /// Runs after which a helper is replaced.
    static let maximumRuns = 1000

    private let arguments: [String]
    private let running = Mutex<Running?>(nil)

    /// A helper that will run `arguments` (a `module-host --serve` command line) when first needed.
    init(arguments: [String]) {
        self.arguments = arguments
    }

    /// Sends one request and waits for its answer, up to `deadlineMS`; how it went, in the
    /// one-shot helper's terms (`.exited(0)` with the answer's bytes as output when it answered).
    func call(_ request: HelperRequest, deadlineMS: Int, maximumOutput: Int) throws -> HelperProcess.Outcome {
        try running.withLock { running in
            if running == nil || running!.runs >= Self.maximumRuns {
                if let old = running { Self.end(old, kill: false) }
                let child = try HelperProcess.spawn(arguments)
                _ = fcntl(child.input, F_SETFL, O_NONBLOCK)
                running = Running(pid: child.pid, input: child.input, output: child.output)
            }
            let line = try request.line()
            let (ending, answer) = Self.exchange(&running!, line, deadlineMS: deadlineMS, maximumOutput: maximumOutput)
            guard let answer else {
                let ended = Self.end(running!, kill: true)
                running = nil
                return HelperProcess.Outcome(ending: ending ?? ended, output: [])
            }
            running!.runs += 1
            return HelperProcess.Outcome(ending: .exited(0), output: answer)
        }
    }

    /// Ends the helper: closes its input so it exits, and kills its group if it has not within
    /// `HelperProcess.stopGraceNS`.
    func close() {
        running.withLock { running in
            if let old = running { Self.end(old, kill: false) }
            running = nil
        }
    }

    /// Writes `line` and reads one answer. Returns the answer's bytes, or nil with the reason when
    /// there is none (nil reason: the helper closed its output, so it ended).
    private static func exchange(_ helper: inout Running, _ line: [UInt8], deadlineMS: Int, maximumOutput: Int)
        -> (HelperProcess.Ending?, [UInt8]?)
    {
        var deadline = MonotonicClock.nanoseconds() + Int64(deadlineMS) * 1_000_000
        var written = 0
        var interrupted = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            switch HelperAnswer.read(from: helper.pending) {
            case .answer(_, let length):
                let answer = Array(helper.pending[..<length])
                helper.pending.removeSubrange(..<length)
                return (nil, answer)
            case .unreadable:
                return (.tooMuchOutput, nil)
            case .incomplete:
                break
            }
            if helper.pending.count > maximumOutput { return (.tooMuchOutput, nil) }
            if !interrupted && HostServices.cancellation.load(ordering: .relaxed) {
                kill(helper.pid, SIGINT)
                interrupted = true
                deadline = min(deadline, MonotonicClock.nanoseconds() + HelperProcess.stopGraceNS)
            }
            let remaining = (deadline - MonotonicClock.nanoseconds()) / 1_000_000
            if remaining <= 0 { return (.timedOut, nil) }
            var entries = [pollfd(fd: helper.output, events: Int16(POLLIN), revents: 0)]
            if written < line.count { entries.append(pollfd(fd: helper.input, events: Int16(POLLOUT), revents: 0)) }
            if poll(&entries, nfds_t(entries.count), Int32(min(remaining, 100))) < 0 && errno != EINTR { return (.timedOut, nil) }
            if entries.count > 1 && entries[1].revents != 0 {
                let count = line.withUnsafeBytes { write(helper.input, $0.baseAddress! + written, line.count - written) }
                if count > 0 {
                    written += count
                } else if errno != EAGAIN {
                    return (nil, nil)
                }
            }
            if entries[0].revents != 0 {
                let count = read(helper.output, &buffer, buffer.count)
                if count <= 0 { return (nil, nil) }
                helper.pending += buffer[0..<count]
            }
        }
    }

    /// Closes the pipes, kills the group when asked to (or when the helper does not exit within
    /// the grace), reaps the helper and returns how it ended.
    @discardableResult
    private static func end(_ helper: Running, kill killNow: Bool) -> HelperProcess.Ending {
        Glibc.close(helper.input)
        Glibc.close(helper.output)
        let deadline = MonotonicClock.nanoseconds() + HelperProcess.stopGraceNS
        while !killNow && !HelperProcess.hasExited(helper.pid) && MonotonicClock.nanoseconds() < deadline { usleep(1000) }
        let exited = HelperProcess.hasExited(helper.pid)
        kill(-helper.pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(helper.pid, &status, 0) < 0 && errno == EINTR {}
        guard exited else { return .timedOut }
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }
}

/// The persistent helpers of a long-lived netagent, one per probe module (by file, name and
/// root), started when first needed.
public final class PersistentHelpers: Sendable {
    private let helpers = Mutex<[String: PersistentHelper]>([:])

    public init() {}

    /// The helper for a command line, made on first use.
    func helper(for arguments: [String]) -> PersistentHelper {
        helpers.withLock { helpers in
            let key = arguments.joined(separator: "\u{0}")
            if let helper = helpers[key] { return helper }
            let helper = PersistentHelper(arguments: arguments)
            helpers[key] = helper
            return helper
        }
    }

    /// Ends every helper (their input is closed; those that do not exit within a second are killed).
    public func closeAll() {
        let all = helpers.withLock { helpers in Array(helpers.values) }
        for helper in all { helper.close() }
    }
}
