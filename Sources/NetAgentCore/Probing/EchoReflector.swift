import Glibc

/// A UDP echo reflector (`netagent serve-echo`): every datagram goes back to its sender byte for
/// byte, timestamps and all, so hosts of a fleet can measure each other without ICMP rate
/// limits. An empty datagram (malformed) or one longer than `maximumSize` (oversized: no audio
/// frame needs more than one Ethernet frame) is dropped and counted.
public final class EchoReflector {
    /// What the reflector did.
    public struct Counts: Codable, Sendable, Equatable {
        public var echoed = 0
        public var droppedMalformed = 0
        public var droppedOversized = 0

        enum CodingKeys: String, CodingKey {
            case echoed
            case droppedMalformed = "dropped_malformed"
            case droppedOversized = "dropped_oversized"
        }
    }

    /// The largest datagram echoed: an IPv4 Ethernet frame's UDP payload.
    public static let maximumSize = 1472

    private let fd: Int32
    public private(set) var counts = Counts()

    /// Binds a UDP socket to `listen`: `ADDRESS:PORT`, or `[IPv6]:PORT`.
    public init(listen: String) throws {
        guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]), port > 0 else {
            throw NetAgentError("--listen \(listen): give ADDRESS:PORT, such as 0.0.0.0:7 or [::]:7", exitCode: .invalidConfig)
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
    }

    deinit { close(fd) }

    /// Echoes until `shouldStop` returns true (checked at least every 200 ms).
    public func serve(until shouldStop: () -> Bool) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !shouldStop() {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 200) > 0 else { continue }
            var peer = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let size = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, Int32(MSG_TRUNC), $0, &length) }
            }
            if size < 0 { continue }
            if size == 0 {
                counts.droppedMalformed += 1
            } else if size > Self.maximumSize {
                counts.droppedOversized += 1
            } else {
                let sent = withUnsafePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, buffer, size, 0, $0, length) }
                }
                if sent == size { counts.echoed += 1 }
            }
        }
    }
}
