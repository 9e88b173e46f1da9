/// Admits or refuses each datagram serve-echo would answer, by its source address and size,
/// within `EchoRateLimits`. A source idle long enough for its buckets to refill is forgotten.
struct EchoRateLimiter {
    /// A source address: an IPv4 address as IPv4-mapped IPv6, so both families share one table.
    struct Source: Hashable {
        let high: UInt64
        let low: UInt64
    }

    /// One source's packet and bit buckets.
    private struct Allowance {
        var packets: TokenBucket
        var bits: TokenBucket
    }

    let limits: EchoRateLimits
    private var sources: [Source: Allowance] = [:]
    private var total: Allowance
    private var forgottenAtNS: Int64

    init(limits: EchoRateLimits, nowNS: Int64) {
        self.limits = limits
        total = Self.allowance(packets: limits.totalPackets, bits: limits.totalBits, nowNS: nowNS)
        forgottenAtNS = nowNS
    }

    /// Why a datagram of `bytes` from `source` at `nowNS` is refused, or nil when it may be
    /// answered (its tokens are then taken).
    mutating func refusal(source: Source, bytes: Int, nowNS: Int64) -> EchoRefusal? {
        forgetIdleSources(nowNS: nowNS)
        let bits = Double(bytes * 8)
        guard var allowance = sources[source] ?? newAllowance(nowNS: nowNS) else { return .totalRate }
        guard allowance.packets.allows(1, atNS: nowNS) && allowance.bits.allows(bits, atNS: nowNS) else { return .sourceRate }
        guard total.packets.allows(1, atNS: nowNS) && total.bits.allows(bits, atNS: nowNS) else { return .totalRate }
        allowance.packets.take(1, atNS: nowNS)
        allowance.bits.take(bits, atNS: nowNS)
        total.packets.take(1, atNS: nowNS)
        total.bits.take(bits, atNS: nowNS)
        sources[source] = allowance
        return nil
    }

    /// How many sources it tracks now.
    var trackedSources: Int { sources.count }

    /// A full allowance for a new source, or nil when the table is full.
    private func newAllowance(nowNS: Int64) -> Allowance? {
        guard sources.count < limits.sources else { return nil }
        return Self.allowance(packets: limits.sourcePackets, bits: limits.sourceBits, nowNS: nowNS)
    }

    /// Once a second, drops the sources whose buckets are full again: they have been idle for
    /// a second, and a new allowance for them would be the same.
    private mutating func forgetIdleSources(nowNS: Int64) {
        guard nowNS - forgottenAtNS >= 1_000_000_000 else { return }
        forgottenAtNS = nowNS
        sources = sources.filter { _, allowance in
            allowance.packets.available(atNS: nowNS) < allowance.packets.depth
                || allowance.bits.available(atNS: nowNS) < allowance.bits.depth
        }
    }

    /// Buckets one second deep for `packets` and `bits` a second.
    private static func allowance(packets: Int, bits: Int, nowNS: Int64) -> Allowance {
        Allowance(
            packets: TokenBucket(rate: Double(packets), depth: Double(packets), nowNS: nowNS),
            bits: TokenBucket(rate: Double(bits), depth: Double(bits), nowNS: nowNS))
    }
}
