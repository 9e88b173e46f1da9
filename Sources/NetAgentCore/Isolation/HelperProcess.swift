import CIsolation
import Glibc
import NetAgentSystem
import Synchronization

/// Starts a helper (`HelperCommandLine`) with posix_spawn (no shell), feeds it standard input,
/// collects standard output up to a limit and a deadline, and reports how it ended: the one
/// place netagent starts a process. Its standard error is ours.
/// The program leads a process group of its own; when it ends, whatever it left running in
/// that group is killed, so a grandchild holding its output open cannot stall the answer.
enum HelperProcess {
    /// How the process ended.
    enum Ending: Equatable {
        case exited(Int32)
        case signalled(Int32)
        /// Killed (SIGKILL) by us when the deadline passed.
        case timedOut
        /// Killed by us when it wrote more than the limit.
        case tooMuchOutput

        /// "SIGSEGV (signal 11)".
        static func signalName(_ signal: Int32) -> String {
            let names: [Int32: String] = [
                SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
                SIGILL: "SIGILL", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGTRAP: "SIGTRAP",
            ]
            return "\(names[signal] ?? "signal") (signal \(signal))"
        }
    }

    /// The largest answer read from a helper; more is refused as garbage.
    static let maximumOutput = 64 << 20

    struct Outcome {
        let ending: Ending
        let output: [UInt8]
    }

    /// Runs `arguments` with `input`; the progress lines the helper writes before its answer go
    /// to `progress` as they arrive and are not part of the output.
    static func run(
        _ arguments: [String], input: [UInt8], deadlineMS: Int, maximumOutput: Int, progress: ((ProbeProgress) -> Void)? = nil
    ) throws -> Outcome {
        let child = try spawn(arguments)
        let ending = exchange(
            pid: child.pid, input: input, inputFD: child.input, outputFD: child.output,
            deadlineMS: deadlineMS, maximumOutput: maximumOutput, progress: progress)
        return Outcome(ending: ending.ending, output: ending.output)
    }

    /// Starts `arguments` as the leader of a new process group, with no blocked signals and
    /// SIGTERM and SIGPIPE at their defaults; returns its pid and our ends of its standard input
    /// and output (close-on-exec). Its standard error is ours.
    static func spawn(_ arguments: [String]) throws -> (pid: pid_t, input: Int32, output: Int32) {
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else {
            throw NetAgentError("cannot create a pipe for a helper process: \(String(cString: strerror(errno)))")
        }
        // Close-on-exec, so no other helper inherits these; dup2 gives the child its own copies.
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        // Nothing else crosses: not the agent's listening socket or its scrape connections
        // (SwiftNIO opens them without close-on-exec), which a helper holding a copy would keep
        // open after the agent closed them, and which the helper has no business with.
        guard netagent_spawn_close_from(&actions, 3) == 0 else {
            for fd in toChild + fromChild { close(fd) }
            throw NetAgentError("cannot prepare a helper process: posix_spawn cannot close descriptors here")
        }
        // The child starts with no blocked signals and default handlers, whatever our threads block.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var environment = helperEnvironment().map { strdup($0) } + [nil]
        defer { for pointer in environment { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, &environment)
        close(toChild[0])
        close(fromChild[1])
        guard spawned == 0 else {
            close(toChild[1])
            close(fromChild[0])
            throw NetAgentError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        return (pid, toChild[1], fromChild[0])
    }

    /// The variables a helper keeps from ours: it parses what remote hosts send, so it gets
    /// what a program needs to run (the search path, the locale, the time zone, the library path
    /// netagent itself was given) and nothing else: not NOTIFY_SOCKET (it must not speak to
    /// systemd for the agent), not credentials a caller's environment may hold.
    static let keptVariables = ["PATH", "LANG", "LC_ALL", "TZ", "LD_LIBRARY_PATH"]

    /// `NAME=value` for each of `keptVariables` that is set.
    static func helperEnvironment() -> [String] {
        keptVariables.compactMap { name in getenv(name).map { name + "=" + String(cString: $0) } }
    }

    /// How long a helper may take to stop once cancellation was asked for.
    static let stopGraceNS: Int64 = 1_000_000_000

    /// Writes the input and reads the output with one poll loop, so neither side can block the other.
    private static func exchange(
        pid: pid_t, input: [UInt8], inputFD: Int32, outputFD: Int32,
        deadlineMS: Int, maximumOutput: Int, progress: ((ProbeProgress) -> Void)?
    ) -> (ending: Ending, output: [UInt8]) {
        var writeFD: Int32? = inputFD
        _ = fcntl(inputFD, F_SETFL, O_NONBLOCK)
        var written = 0
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var deadline = MonotonicClock.nanoseconds() + Int64(deadlineMS) * 1_000_000
        var forced: Ending?
        var interrupted = false
        var groupKilled = false
        defer { close(outputFD) }
        while true {
            // The helper has ended (not yet reaped): end what it left in its group, so its
            // output reaches end-of-file now rather than at the deadline.
            if !groupKilled && hasExited(pid) {
                kill(-pid, SIGKILL)
                groupKilled = true
            }
            // ^C reached us, not the helper (kill sends to one process): pass it on, once.
            // It gets a second to stop; then its group is killed like one past its deadline.
            if !interrupted && HostServices.cancellation.load(ordering: .relaxed) {
                kill(pid, SIGINT)
                interrupted = true
                deadline = min(deadline, MonotonicClock.nanoseconds() + Self.stopGraceNS)
            }
            if let fd = writeFD, written == input.count {
                close(fd)
                writeFD = nil
            }
            let remaining = (deadline - MonotonicClock.nanoseconds()) / 1_000_000
            if remaining <= 0 {
                forced = .timedOut
                break
            }
            var entries = [pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)]
            if let fd = writeFD { entries.append(pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)) }
            if poll(&entries, nfds_t(entries.count), Int32(min(remaining, 100))) < 0 && errno != EINTR {
                forced = .timedOut
                break
            }
            if entries.count > 1 && entries[1].revents != 0, let fd = writeFD {
                let count = input.withUnsafeBytes { write(fd, $0.baseAddress! + written, input.count - written) }
                if count > 0 {
                    written += count
                } else if errno != EAGAIN {
                    close(fd)
                    writeFD = nil
                }
            }
            if entries[0].revents != 0 {
                let count = read(outputFD, &buffer, buffer.count)
                if count <= 0 { break }
                output += buffer[0..<count]
                if let progress { takeProgressLines(from: &output, to: progress) }
                if output.count > maximumOutput {
                    forced = .tooMuchOutput
                    break
                }
            }
        }
        if let fd = writeFD { close(fd) }
        if forced != nil || !groupKilled { kill(-pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if let forced { return (forced, output) }
        let signal = status & 0x7f
        return (signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal), output)
    }

    /// Removes the complete progress lines at the start of `output`, handing each to `progress`.
    /// Only a progress line's start is searched for its end, never a (large) answer.
    private static func takeProgressLines(from output: inout [UInt8], to progress: (ProbeProgress) -> Void) {
        while output.starts(with: ProbeProgress.linePrefix), let newline = output.firstIndex(of: UInt8(ascii: "\n")),
            let report = ProbeProgress.parse(line: output[..<newline])
        {
            progress(report)
            output.removeSubrange(...newline)
        }
    }

    /// True when `pid` has ended; it stays unreaped (WNOWAIT), so its process group id stays its own.
    static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == pid
    }
}
