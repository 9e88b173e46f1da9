import NetAgentModuleKit

/// The interface of the default route, read from `/proc/net/route` and `/proc/net/ipv6_route`.
enum DefaultRoute {
    /// The interface of the IPv4 default route with the lowest metric, else the IPv6 one; nil when neither exists.
    static func interface(_ context: ModuleContext) throws -> String? {
        if let text = try KnobFile.read(context.path("/proc/net/route")), let found = ipv4(text) { return found }
        if let text = try KnobFile.read(context.path("/proc/net/ipv6_route")), let found = ipv6(text) { return found }
        return nil
    }

    /// `/proc/net/route` columns: Iface Destination Gateway Flags RefCnt Use Metric Mask ...
    static func ipv4(_ text: String) -> String? {
        var best: (interface: String, metric: Int)?
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count >= 8, fields[1] == "00000000", fields[7] == "00000000" else { continue }
            let metric = Int(fields[6]) ?? Int.max
            if best == nil || metric < best!.metric { best = (fields[0], metric) }
        }
        return best?.interface
    }

    /// `/proc/net/ipv6_route` columns: destination prefix-length source prefix-length next-hop metric refcnt use flags iface.
    static func ipv6(_ text: String) -> String? {
        var best: (interface: String, metric: Int)?
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 10, fields[0].allSatisfy({ $0 == "0" }), fields[1] == "00", fields[9] != "lo" else { continue }
            let metric = Int(fields[5], radix: 16) ?? Int.max
            if best == nil || metric < best!.metric { best = (fields[9], metric) }
        }
        return best?.interface
    }
}
