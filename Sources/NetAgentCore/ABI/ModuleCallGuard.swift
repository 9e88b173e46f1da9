import Glibc
import Synchronization

/// What every call into a module's code in netagent's own process runs inside.
///
/// - Standard output is netagent's alone: during the call it points at standard error, so a
///   module's stray `printf` cannot corrupt a table or `--json`.
/// - An `exit()` from the module cannot end netagent with its status: an `atexit` handler
///   (installed once, at start) sees the call in flight, says which module did it, and ends the
///   process with exit status 3 in the middle of a transaction (its journal entry, open or not yet
///   rolled back, stays for `rollback`) or 1 otherwise.
public enum ModuleCallGuard {
    /// What the module call in flight is doing, and the open transaction's id, if any.
    private struct InFlight {
        var call: String?
        var transaction: Int?
    }

    private static let inFlight = Mutex(InFlight())
    /// Serializes the redirection of file descriptor 1; true once it points elsewhere for good
    /// (a helper process, whose answer has a descriptor of its own), when calls leave it alone.
    private static let standardOutput = Mutex(false)

    /// Says that file descriptor 1 no longer carries netagent's output in this process (the
    /// helper has pointed it at /dev/null), so module calls need not redirect it.
    public static func standardOutputIsRedirected() {
        standardOutput.withLock { $0 = true }
    }

    /// Installs the `atexit` handler, once, before any module is loaded in this process. Not in
    /// a helper process: there a module's exit costs only its own answer, and its status is kept.
    public static func install() { _ = installed }

    private static let installed: Void = {
        atexit {
            let current = ModuleCallGuard.inFlight.withLock { $0 }
            guard let call = current.call else { return }
            var message = "netagent: a module called exit() while \(call); a module must return a status, never exit. netagent stopped"
            if let id = current.transaction {
                message += " in the middle of transaction \(id): restore what it wrote with `netagent rollback \(id)`"
            }
            let bytes = Array((message + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            _exit(current.transaction == nil ? ExitStatus.failure.rawValue : ExitStatus.restoreFailed.rawValue)
        }
    }()

    /// Runs `body`, a call into module code described by `call` ("bbr: write sysctl:..."), with
    /// standard output pointed at standard error and `exit()` guarded.
    static func during<Result>(_ call: String, _ body: () throws -> Result) rethrows -> Result {
        try standardOutput.withLock { redirected in
            fflush(nil)
            let saved = redirected ? -1 : fcntl(1, F_DUPFD_CLOEXEC, 0)
            if saved >= 0 { dup2(2, 1) }
            inFlight.withLock { $0.call = call }
            defer {
                inFlight.withLock { $0.call = nil }
                fflush(nil)
                if saved >= 0 {
                    dup2(saved, 1)
                    close(saved)
                }
            }
            return try body()
        }
    }

    /// Runs `body` with transaction `id` recorded as open, for the message of a module's exit().
    static func inTransaction<Result>(_ id: Int, _ body: () throws -> Result) rethrows -> Result {
        inFlight.withLock { $0.transaction = id }
        defer { inFlight.withLock { $0.transaction = nil } }
        return try body()
    }
}
