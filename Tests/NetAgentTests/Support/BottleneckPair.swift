import Foundation
import Glibc

/// The bufferbloat scenario: two namespaces joined by veth, a 20 Mbit/s token bucket with a
/// 400 ms queue on `near`'s egress, and `iperf3 -s` in `far` (started here, killed when the
/// pair is dropped). A bulk upload from `near` fills the queue unless its congestion control
/// keeps it short (bbr does; cubic does not). Kernel defaults for TCP buffers are pinned in
/// both namespaces: a new namespace copies the host's, and a small send buffer hides the queue.
final class BottleneckPair: @unchecked Sendable {
    let near: NetworkNamespace
    let far: NetworkNamespace
    static let nearAddress = "169.254.234.1"
    static let farAddress = "169.254.234.2"
    /// Where far's iperf3 listens.
    static let iperfTarget = farAddress + ":5201"
    private let server: Process

    init() throws {
        near = try NetworkNamespace()
        far = try NetworkNamespace()
        try near.run(["ip", "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", far.name])
        try near.run(["ip", "addr", "add", Self.nearAddress + "/30", "dev", "va"])
        try far.run(["ip", "addr", "add", Self.farAddress + "/30", "dev", "vb"])
        try near.run(["ip", "link", "set", "va", "up"])
        try far.run(["ip", "link", "set", "vb", "up"])
        try near.run(["tc", "qdisc", "add", "dev", "va", "root", "tbf", "rate", "20mbit", "burst", "32kbit", "latency", "400ms"])
        for namespace in [near, far] {
            try namespace.setSysctl("net.ipv4.tcp_rmem", "4096 131072 6291456")
            try namespace.setSysctl("net.ipv4.tcp_wmem", "4096 16384 4194304")
        }
        _ = try near.run(["ping", "-c", "1", "-W", "1", Self.farAddress])
        server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        server.arguments = ["netns", "exec", far.name, "iperf3", "-s", "-p", "5201"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        // Wait until it listens.
        for _ in 0..<100 {
            if (try? far.run(["ss", "-Hltn", "sport = :5201"]).stdout.isEmpty) == false { break }
            usleep(20_000)
        }
    }

    deinit {
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }

    /// Sets near's congestion control for the flows it starts from now on.
    func useCongestionControl(_ name: String) throws {
        try near.setSysctl("net.ipv4.tcp_congestion_control", name)
    }

    /// ping's RTTs (ns) from near to far while `iperf3 -c` uploads on one flow: the reference.
    func pingUnderLoad(count: Int = 25) throws -> [Double] {
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        client.arguments = ["netns", "exec", near.name, "iperf3", "-c", Self.farAddress, "-t", "\(count / 5 + 4)"]
        client.standardOutput = FileHandle.nullDevice
        client.standardError = FileHandle.nullDevice
        try client.run()
        defer {
            kill(client.processIdentifier, SIGKILL)
            client.waitUntilExit()
        }
        sleep(3)
        return try ReferenceTools.ping(Self.farAddress, count: count, intervalMS: 200, in: near)
    }
}
