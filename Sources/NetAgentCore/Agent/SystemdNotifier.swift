import Glibc
import NetAgentSystem

/// systemd's notification protocol (sd_notify(3)), which systemd documents as a stable interface:
/// one datagram of `KEY=VALUE` lines to the unix socket named by `$NOTIFY_SOCKET` (a path, or an
/// abstract name when it starts with "@"). Without `$NOTIFY_SOCKET` (not started by systemd with
/// `Type=notify`) every call does nothing.
public struct SystemdNotifier: Sendable {
    private let socketPath: String?
    /// How often systemd wants `WATCHDOG=1`: half of `$WATCHDOG_USEC`, in nanoseconds; nil when
    /// the unit has no `WatchdogSec`, or `$WATCHDOG_PID` names another process.
    public let watchdogIntervalNS: Int64?

    /// Reads `$NOTIFY_SOCKET`, `$WATCHDOG_USEC` and `$WATCHDOG_PID`.
    public init() {
        func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        socketPath = variable("NOTIFY_SOCKET").flatMap { $0.isEmpty ? nil : $0 }
        let forUs = variable("WATCHDOG_PID").map { Int32($0) == getpid() } ?? true
        if forUs, let microseconds = variable("WATCHDOG_USEC").flatMap(Int64.init), microseconds > 0 {
            watchdogIntervalNS = microseconds * 1000 / 2
        } else {
            watchdogIntervalNS = nil
        }
    }

    /// `READY=1` and a status line: startup is done.
    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }
    /// What the service is doing, shown by `systemctl status`.
    public func status(_ text: String) { send("STATUS=\(text)") }
    /// `STOPPING=1`: shutdown has begun.
    public func stopping() { send("STOPPING=1\nSTATUS=stopping") }
    /// `RELOADING=1` with the monotonic time systemd asks for, then `READY=1` once done.
    public func reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=\(MonotonicClock.nanoseconds() / 1000)")
    }
    /// Keeps the watchdog from firing.
    public func watchdog() { send("WATCHDOG=1") }

    /// Sends one datagram without waiting (a full queue drops it: a watchdog ping must never
    /// stall the agent); failures are ignored, as sd_notify's callers ignore them.
    public func send(_ message: String) {
        guard let socketPath else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var name = Array(socketPath.utf8)
        if name.first == UInt8(ascii: "@") { name[0] = 0 }
        guard name.count < MemoryLayout.size(ofValue: address.sun_path) else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            bytes.copyBytes(from: name)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + name.count)
        let bytes = Array(message.utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                sendto(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), socketAddress, length)
            }
        }
    }
}
