/// How much serve-echo answers: per source address and in total, in packets and in bits a
/// second. Each limit is a token bucket one second deep, so a second's worth may come at once
/// after an idle time. The defaults are far above one voice call (50 packets and about 80 kbit
/// a second) and far below what would make the reflector worth aiming at a victim.
public struct EchoRateLimits: Sendable, Equatable {
    /// Packets a second one source address may have answered.
    public var sourcePackets = 200
    /// Bits (of UDP payload) a second one source address may have answered.
    public var sourceBits = 1_000_000
    /// Packets a second the reflector answers in all.
    public var totalPackets = 10_000
    /// Bits (of UDP payload) a second the reflector answers in all.
    public var totalBits = 100_000_000
    /// The most source addresses tracked at once; a new source beyond them is refused as over
    /// the total rate until idle ones are forgotten (forged sources cannot exhaust memory).
    public var sources = 65_536

    public init() {}
}
