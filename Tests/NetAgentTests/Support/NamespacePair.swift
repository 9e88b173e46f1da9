import Foundation

/// Two network namespaces joined by a veth pair: `near` (where netagent runs) and `far` (the
/// peer it measures), with link-local addresses that exist only inside them. Traffic between
/// them never leaves this machine.
final class NamespacePair: @unchecked Sendable {
    let near: NetworkNamespace
    let far: NetworkNamespace
    /// near's address.
    static let nearAddress = "169.254.231.1"
    /// far's addresses: three, so several targets can be probed at once.
    static let farAddresses = ["169.254.231.2", "169.254.231.3", "169.254.231.4"]

    init() throws {
        near = try NetworkNamespace()
        far = try NetworkNamespace()
        try near.run(["ip", "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", far.name])
        try near.run(["ip", "addr", "add", Self.nearAddress + "/29", "dev", "va"])
        for address in Self.farAddresses { try far.run(["ip", "addr", "add", address + "/29", "dev", "vb"]) }
        try near.run(["ip", "link", "set", "va", "up"])
        try far.run(["ip", "link", "set", "vb", "up"])
        // The first packets over a new link wait for neighbour discovery: warm it up.
        for address in Self.farAddresses { _ = try near.run(["ping", "-c", "1", "-W", "1", address]) }
    }
}

/// Round-trip times as other tools report them, for comparing with netagent's.
enum ReferenceTools {
    /// `ping -c COUNT -i INTERVAL` in `namespace`: each reply's time= in nanoseconds.
    static func ping(_ target: String, count: Int, intervalMS: Int, in namespace: NetworkNamespace) throws -> [Double] {
        let output = try namespace.run(["ping", "-n", "-c", "\(count)", "-i", "\(Double(intervalMS) / 1000)", target]).stdout
        return output.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "time=") else { return nil }
            return Double(line[range.upperBound...].split(separator: " ").first ?? "").map { $0 * 1e6 }
        }
    }

    /// `fping -C COUNT -p INTERVAL -q` in `namespace`: each target's samples in nanoseconds (nil = lost).
    static func fping(_ targets: [String], count: Int, intervalMS: Int, in namespace: NetworkNamespace) throws -> [String: [Double?]] {
        let result = try Command.run(
            ["ip", "netns", "exec", namespace.name, "fping", "-C", "\(count)", "-p", "\(intervalMS)", "-q"] + targets)
        var samples: [String: [Double?]] = [:]
        for line in result.stderr.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            samples[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].split(separator: " ").map { Double($0).map { $0 * 1e6 } }
        }
        return samples
    }

    /// The median of values.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? .nan : sorted[(sorted.count - 1) / 2]
    }
}
