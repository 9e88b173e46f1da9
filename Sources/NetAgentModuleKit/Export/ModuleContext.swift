import CNetAgent
import Glibc

/// The host's services for the duration of one call: logging, the root prefix, the deadline.
public struct ModuleContext {
    private let services: UnsafePointer<netagent_services>?

    init(_ services: UnsafePointer<netagent_services>?) {
        self.services = services
    }

    private func has<Field>(_ field: KeyPath<netagent_services, Field>) -> Bool {
        guard let services, let offset = MemoryLayout<netagent_services>.offset(of: field) else { return false }
        return Int(services.pointee.struct_size) >= offset + MemoryLayout<Field>.size
    }

    /// The filesystem root every path is joined to: "/" or a directory given by `--root`.
    public var root: String {
        guard has(\.root), let root = services?.pointee.root else { return "/" }
        return String(cString: root)
    }

    /// Absolute `CLOCK_MONOTONIC` deadline in nanoseconds, nil when none.
    public var deadlineNS: Int64? {
        guard has(\.deadline_ns), let deadline = services?.pointee.deadline_ns, deadline > 0 else { return nil }
        return deadline
    }

    /// True when the host asked the call to stop or the deadline has passed.
    public var isCancelled: Bool { isPastDeadline || isInterrupted }

    /// True once the call's deadline has passed: an error (`ModuleError.cancelled`), never a
    /// shorter answer.
    public var isPastDeadline: Bool {
        guard let deadlineNS else { return false }
        return MonotonicClock.nanoseconds() >= deadlineNS
    }

    /// True when the host asked the call to stop early (the user pressed ^C): a probe may then
    /// answer with the attempts made so far, as ping prints its statistics.
    public var isInterrupted: Bool {
        guard has(\.cancelled), let services, let cancelled = services.pointee.cancelled else { return false }
        return cancelled(services.pointee.host_ctx) != 0
    }

    /// Tells the host how far the run has got, summed over every target, for its progress line;
    /// nothing when the host is older than the `progress` service. Call it every 100 ms or so.
    public func progress(sent: Int, received: Int) {
        guard has(\.progress), let services, let progress = services.pointee.progress else { return }
        progress(services.pointee.host_ctx, UInt64(sent), UInt64(received))
    }

    /// Log levels of the host's logger.
    public enum LogLevel: Int32 {
        case debug = 0
        case info = 1
        case warning = 2
        case error = 3
    }

    /// Logs one line through the host, attributed to this module.
    public func log(_ level: LogLevel, _ message: String) {
        guard has(\.log), let services, let log = services.pointee.log else { return }
        log(services.pointee.host_ctx, level.rawValue, message)
    }

    /// `path` (absolute) below the root; refuses `..`, empty and NUL-containing paths.
    public func path(_ path: String) throws -> String {
        try RootedPath.join(root: root, path)
    }
}
