import Foundation
import Glibc

/// A socket bound to a loopback address on a free port.
struct BoundSocket {
    let fd: Int32
    let port: UInt16

    /// Binds a socket of `type` to `address` (IPv4 or IPv6 literal) on a port the kernel picks.
    init(type: Int32, address: String) throws {
        let isIPv6 = address.contains(":")
        let fd = socket(isIPv6 ? AF_INET6 : AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.fd = fd
        guard fd >= 0 else { throw TestFailure("socket: \(errno)") }
        var storage = sockaddr_storage()
        var length: socklen_t
        if isIPv6 {
            var address6 = sockaddr_in6()
            address6.sin6_family = sa_family_t(AF_INET6)
            inet_pton(AF_INET6, address, &address6.sin6_addr)
            withUnsafeBytes(of: address6) { bytes in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) } }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            var address4 = sockaddr_in()
            address4.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, address, &address4.sin_addr)
            withUnsafeBytes(of: address4) { bytes in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) } }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        }
        let bound = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw TestFailure("bind \(address): \(errno)") }
        var actual = sockaddr_storage()
        var actualLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) }
        }
        let networkPort = withUnsafeBytes(of: actual) { $0.load(fromByteOffset: 2, as: UInt16.self) }
        port = UInt16(bigEndian: networkPort)
    }
}

/// A TCP listener on loopback whose backlog completes handshakes without anyone accepting.
final class TCPListener {
    let socket: BoundSocket
    var port: UInt16 { socket.port }

    init(address: String = "127.0.0.1") throws {
        socket = try BoundSocket(type: Int32(SOCK_STREAM.rawValue), address: address)
        guard listen(socket.fd, 1024) == 0 else { throw TestFailure("listen: \(errno)") }
    }

    deinit { close(socket.fd) }
}

/// A port that had a listener a moment ago and now has none: connecting is refused.
func closedTCPPort() throws -> UInt16 {
    let socket = try BoundSocket(type: Int32(SOCK_STREAM.rawValue), address: "127.0.0.1")
    close(socket.fd)
    return socket.port
}

/// A UDP echo server on loopback, answering on its own thread until deinitialized, as
/// `netagent serve-echo` answers a request (netagent/echo.h): the datagram back with the reply
/// flag set in its sixth byte. ServeEchoTests run the real reflector across namespaces.
final class UDPEchoServer: @unchecked Sendable {
    let socket: BoundSocket
    var port: UInt16 { socket.port }
    private let thread: Thread

    init(address: String = "127.0.0.1") throws {
        let socket = try BoundSocket(type: Int32(SOCK_DGRAM.rawValue), address: address)
        self.socket = socket
        thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 2048)
            while true {
                var peer = sockaddr_storage()
                var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let count = withUnsafeMutablePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(socket.fd, &buffer, buffer.count, 0, $0, &length) }
                }
                if count < 0 { return }
                if count > 5 { buffer[5] |= 1 }
                _ = withUnsafePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(socket.fd, buffer, count, 0, $0, length) }
                }
            }
        }
        thread.start()
    }

    deinit {
        shutdown(socket.fd, Int32(SHUT_RDWR))
        close(socket.fd)
    }
}
