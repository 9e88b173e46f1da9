import Glibc

/// One resolved TCP endpoint and the timing of a single handshake to it: the tcpconnect probe's
/// samples, and the responsiveness probe's connect times under load.
public struct TCPHandshake: Sendable {
    private let address: SocketAddress

    /// Resolves `target` to its first address (IPv4 or IPv6).
    public init(resolving target: HostPort) throws {
        address = try SocketAddress(resolving: target.host, port: target.port, socketType: Int32(SOCK_STREAM.rawValue))
    }

    /// The handshake time in nanoseconds, from `connect()` to the socket becoming writable with no error.
    /// Throws a message such as "connection refused" or "timed out after 1000 ms".
    public func measure(timeoutMS: Int) throws -> Int64 {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ModuleError.failed("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let start = MonotonicClock.nanoseconds()
        let result = address.withSockaddr { connect(fd, $0, $1) }
        if result != 0 && errno != EINPROGRESS {
            throw ModuleError.failed(String(cString: strerror(errno)))
        }
        if result != 0 {
            try waitWritable(fd, start: start, timeoutMS: timeoutMS)
        }
        let end = MonotonicClock.nanoseconds()
        var socketError: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &size)
        if socketError != 0 { throw ModuleError.failed(String(cString: strerror(socketError))) }
        return end - start
    }

    private func waitWritable(_ fd: Int32, start: Int64, timeoutMS: Int) throws {
        let deadline = start + Int64(timeoutMS) * 1_000_000
        while true {
            let remainingMS = (deadline - MonotonicClock.nanoseconds() + 999_999) / 1_000_000
            guard remainingMS > 0 else { throw ModuleError.failed("timed out after \(timeoutMS) ms") }
            var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&entry, 1, Int32(remainingMS))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw ModuleError.failed("poll: \(String(cString: strerror(errno)))") }
        }
    }
}
