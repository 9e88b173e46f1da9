import Glibc

/// Whether an address is one only a private network reaches: the agent's `/metrics` has no
/// authentication, so it listens on such an address only. Private here means loopback
/// (127.0.0.0/8, ::1), RFC 1918 (10/8, 172.16/12, 192.168/16), shared address space (100.64/10,
/// used by carrier NAT and by VPNs such as Tailscale), link-local (169.254/16, fe80::/10) and
/// unique local (fc00::/7). A wildcard (0.0.0.0, ::) is not: it listens on every address.
enum PrivateAddress {
    /// True for a private numeric address, false for a public one or a wildcard, nil when
    /// `host` is not a numeric IPv4 or IPv6 address.
    static func isPrivate(_ host: String) -> Bool? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return isPrivate(v4: UInt32(bigEndian: v4.s_addr)) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        if mapped { return isPrivate(v4: bytes[12...].reduce(0) { $0 << 8 | UInt32($1) }) }
        let loopback = bytes == Array(repeating: 0, count: 15) + [1]
        let uniqueLocal = bytes[0] & 0xFE == 0xFC
        let linkLocal = bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80
        return loopback || uniqueLocal || linkLocal
    }

    /// Whether the IPv4 address `address` (host byte order) lies in one of the private ranges.
    private static func isPrivate(v4 address: UInt32) -> Bool {
        func within(_ network: UInt32, _ prefix: UInt32) -> Bool { address >> (32 - prefix) == network >> (32 - prefix) }
        return within(0x7F00_0000, 8) || within(0x0A00_0000, 8) || within(0xAC10_0000, 12) || within(0xC0A8_0000, 16)
            || within(0x6440_0000, 10) || within(0xA9FE_0000, 16)
    }
}
