import Glibc

/// A host name or address literal resolved with getaddrinfo to its first address, IPv4 or IPv6,
/// for probes that open their own sockets.
public struct SocketAddress: Sendable {
    private let storage: sockaddr_storage
    /// The address's length in bytes.
    public let length: socklen_t
    /// AF_INET or AF_INET6.
    public let family: Int32

    /// Resolves `host` (a name, or an address; IPv6 may be in brackets) with an optional port.
    /// Throws "cannot resolve HOST: reason" when it has no address.
    public init(resolving host: String, port: UInt16? = nil, socketType: Int32) throws {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var hints = addrinfo()
        hints.ai_socktype = socketType
        // An address is parsed, not looked up: AI_ADDRCONFIG would ask the kernel for the host's
        // addresses (a netlink dump) once per target, which for thousands of targets costs
        // more than probing them.
        hints.ai_flags = AI_NUMERICHOST
        var list: UnsafeMutablePointer<addrinfo>?
        var status = getaddrinfo(name, port.map { String($0) }, &hints, &list)
        if status == EAI_NONAME {
            hints.ai_flags = AI_ADDRCONFIG
            status = getaddrinfo(name, port.map { String($0) }, &hints, &list)
        }
        guard status == 0, let first = list else {
            throw ModuleError.failed("cannot resolve \(name): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { buffer in
            buffer.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen)))
        }
        self.storage = storage
        family = first.pointee.ai_family
        length = first.pointee.ai_addrlen
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    public func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafePointer(to: storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) } }
    }
}
