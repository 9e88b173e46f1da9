import CNetAgent
import Glibc
import Logging
import Synchronization

/// The `netagent_services` struct handed to one module call, and the Swift side of its callbacks.
final class HostServices {
    /// Set by the command line's SIGINT handler; every running module sees it through `cancelled()`.
    static let cancellation = Atomic<Bool>(false)
    /// Where a probe's `progress()` calls go as lines (`ProbeProgress.line`): the answer pipe of
    /// a `module-host --progress` helper; -1 (the default) drops them.
    static let progressDescriptor = Atomic<Int32>(-1)

    private let logger: Logger
    private let root: UnsafeMutablePointer<CChar>
    private var services = netagent_services()

    /// Services for a call into `module`, with paths below `root` and an optional monotonic deadline.
    init(logger: Logger, module: String, root: String, deadlineNS: Int64?) {
        var logger = logger
        logger[metadataKey: "module"] = "\(module)"
        self.logger = logger
        self.root = strdup(root)
        services.struct_size = UInt32(MemoryLayout<netagent_services>.size)
        services.version = 2
        services.root = UnsafePointer(self.root)
        services.deadline_ns = deadlineNS ?? 0
        services.log = { context, level, message in
            guard let context, let message else { return }
            Unmanaged<HostServices>.fromOpaque(context).takeUnretainedValue().log(level, String(cString: message))
        }
        services.cancelled = { _ in HostServices.cancellation.load(ordering: .relaxed) ? 1 : 0 }
        services.progress = { _, sent, received in
            let fd = HostServices.progressDescriptor.load(ordering: .relaxed)
            guard fd >= 0 else { return }
            let line = Array(ProbeProgress(sent: Int(sent), received: Int(received)).line.utf8)
            _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        }
    }

    deinit { free(root) }

    /// Calls `body` with a pointer to the services; valid only inside `body`.
    func withPointer<Result>(_ body: (UnsafePointer<netagent_services>) throws -> Result) rethrows -> Result {
        services.host_ctx = Unmanaged.passUnretained(self).toOpaque()
        return try withUnsafePointer(to: &services) { try body($0) }
    }

    private func log(_ level: Int32, _ message: String) {
        switch level {
        case NETAGENT_LOG_DEBUG: logger.debug("\(message)")
        case NETAGENT_LOG_INFO: logger.info("\(message)")
        case NETAGENT_LOG_WARNING: logger.warning("\(message)")
        default: logger.error("\(message)")
        }
    }
}
