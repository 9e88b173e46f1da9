import Glibc
import NetAgentModuleKit

/// Where an echo request goes and how: ICMP echo to a host (`192.0.2.1`, `example.com`), or a
/// UDP datagram to an echo service (`udp:host:port`, such as `netagent serve-echo`).
struct EchoEndpoint {
    /// The socket an endpoint's requests leave from: one per address family and transport.
    struct SocketKind: Hashable {
        let family: Int32
        let udp: Bool
    }

    let address: SocketAddress
    let udp: Bool

    var socketKind: SocketKind { SocketKind(family: address.family, udp: udp) }

    /// Resolves `target`; `ModuleError.invalid` when it is a UDP target and those are not allowed.
    init(target: String, allowsUDP: Bool) throws {
        let datagram = Int32(SOCK_DGRAM.rawValue)
        guard target.hasPrefix("udp:") else {
            address = try SocketAddress(resolving: target, socketType: datagram)
            udp = false
            return
        }
        guard allowsUDP else {
            throw ModuleError.invalid("target \"\(target)\": UDP echo targets are measured by the voice probe; give a host here")
        }
        let hostPort = try HostPort(parsing: String(target.dropFirst("udp:".count)))
        address = try SocketAddress(resolving: hostPort.host, port: hostPort.port, socketType: datagram)
        udp = true
    }
}
