import CNetAgent
import Glibc
import NetAgentSystem

/// The UDP echo reflector of `netagent serve-echo`: it sends a netagent probe's request
/// (netagent/echo.h) back to its source, unchanged but for the reply flag, so hosts of a fleet
/// can measure each other without ICMP rate limits. It answers nothing else (`EchoDatagram`)
/// and no more than `EchoRateLimits` allow, and counts what it refused by reason.
public final class EchoReflector {
    private let fd: Int32
    private var limiter: EchoRateLimiter
    public private(set) var counts = EchoCounts()

    /// Binds a UDP socket to `listen`: `ADDRESS:PORT`, or `[IPv6]:PORT`.
    public init(listen: String, limits: EchoRateLimits) throws {
        guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]), port > 0 else {
            throw NetAgentError("--listen \(listen): give ADDRESS:PORT, such as 0.0.0.0:9988 or [::]:9988", exitCode: .invalidConfig)
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, "\(port)", &hints, &list)
        guard status == 0, let address = list else {
            throw NetAgentError(
                "--listen \(listen): \(String(cString: gai_strerror(status))) (give a numeric address)", exitCode: .invalidConfig)
        }
        defer { freeaddrinfo(list) }
        fd = socket(address.pointee.ai_family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw NetAgentError("cannot open a UDP socket: \(String(cString: strerror(errno)))") }
        guard bind(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw NetAgentError("cannot listen on \(listen): \(reason)")
        }
        limiter = EchoRateLimiter(limits: limits, nowNS: MonotonicClock.nanoseconds())
    }

    deinit { close(fd) }

    /// Answers until `shouldStop` returns true (checked at least every 200 ms).
    public func serve(until shouldStop: () -> Bool) {
        // One byte more than the largest datagram answered, so a longer one shows as oversized.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(NETAGENT_ECHO_MAX_SIZE) + 1, alignment: 8)
        defer { buffer.deallocate() }
        while !shouldStop() {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 200) > 0 else { continue }
            var peer = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let size = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(fd, buffer.baseAddress, buffer.count, Int32(MSG_TRUNC), $0, &length)
                }
            }
            if size < 0 { continue }
            let datagram = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(size, buffer.count)])
            let (source, port) = Self.source(of: peer)
            if let reason =
                EchoDatagram.refusal(of: UnsafeRawBufferPointer(datagram), sourcePort: port)
                ?? limiter.refusal(source: source, bytes: size, nowNS: MonotonicClock.nanoseconds())
            {
                counts.countDropped(reason)
                continue
            }
            EchoDatagram.markAsReply(datagram)
            let sent = withUnsafePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, datagram.baseAddress, size, 0, $0, length) }
            }
            if sent == size { counts.countEchoed() }
        }
    }

    /// The source address (IPv4 as IPv4-mapped IPv6) and port of `peer`.
    private static func source(of peer: sockaddr_storage) -> (EchoRateLimiter.Source, UInt16) {
        withUnsafeBytes(of: peer) { bytes in
            func word(_ offset: Int) -> UInt64 { bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
            if Int32(peer.ss_family) == AF_INET6 {
                let address = bytes.load(as: sockaddr_in6.self)
                let offset = MemoryLayout<sockaddr_in6>.offset(of: \.sin6_addr)!
                return (.init(high: word(offset), low: word(offset + 8)), UInt16(bigEndian: address.sin6_port))
            }
            let address = bytes.load(as: sockaddr_in.self)
            let mapped = 0xFFFF_0000_0000 | UInt64(UInt32(bigEndian: address.sin_addr.s_addr))
            return (.init(high: 0, low: mapped), UInt16(bigEndian: address.sin_port))
        }
    }
}
