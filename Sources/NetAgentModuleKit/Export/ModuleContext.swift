import CNetAgent
import Glibc

/// The host's services for the duration of one call: logging, the root prefix, the deadline.
public struct ModuleContext {
    private let services: UnsafePointer<netagent_services>?

    init(_ services: UnsafePointer<netagent_services>?) {
        self.services = services
    }

    /// Where a field of the services struct ends: the host offers it when `struct_size` reaches
    /// that far. Worked out once per field (a key path costs a runtime lookup each time it is
    /// made, and probes ask for the deadline and ^C on every turn of their loops).
    private static func end<Field>(of field: KeyPath<netagent_services, Field>) -> Int {
        MemoryLayout<netagent_services>.offset(of: field)! + MemoryLayout<Field>.size
    }
    private static let rootEnd = end(of: \.root)
    private static let deadlineEnd = end(of: \.deadline_ns)
    private static let cancelledEnd = end(of: \.cancelled)
    private static let progressEnd = end(of: \.progress)
    private static let logEnd = end(of: \.log)

    private func has(_ fieldEnd: Int) -> Bool {
        guard let services else { return false }
        return Int(services.pointee.struct_size) >= fieldEnd
    }

    /// The filesystem root every path is joined to: "/" or a directory given by `--root`.
    public var root: String {
        guard has(Self.rootEnd), let root = services?.pointee.root else { return "/" }
        return String(cString: root)
    }

    /// Absolute `CLOCK_MONOTONIC` deadline in nanoseconds, nil when none.
    public var deadlineNS: Int64? {
        guard has(Self.deadlineEnd), let deadline = services?.pointee.deadline_ns, deadline > 0 else { return nil }
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
        guard has(Self.cancelledEnd), let services, let cancelled = services.pointee.cancelled else { return false }
        return cancelled(services.pointee.host_ctx) != 0
    }

    /// Tells the host how far the run has got, summed over every target, for its progress line;
    /// nothing when the host is older than the `progress` service. Call it every 100 ms or so.
    public func progress(sent: Int, received: Int) {
        guard has(Self.progressEnd), let services, let progress = services.pointee.progress else { return }
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
        guard has(Self.logEnd), let services, let log = services.pointee.log else { return }
        log(services.pointee.host_ctx, level.rawValue, message)
    }

    /// `path` (absolute) inside the root, where every link it holds resolves too. Refuses `.`,
    /// `..`, empty and NUL-containing components, so one file has one key.
    public func path(_ path: String) throws -> RootedPath {
        guard path.hasPrefix("/"), !path.contains("\0") else {
            throw ModuleError.invalid("path \"\(path)\" must be absolute and contain no NUL")
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for component in components where component.isEmpty || component == "." || component == ".." {
            throw ModuleError.invalid("path \"\(path)\" has an empty, \".\" or \"..\" component")
        }
        return RootedPath(root: root, path)
    }
}
