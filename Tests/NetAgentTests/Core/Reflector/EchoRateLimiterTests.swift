import Testing

@testable import NetAgentCore

/// serve-echo's rates, driven by a test clock: a source gets a second's worth at once, then its
/// rate; other sources are not held back by it; the total caps them all; an idle source is
/// forgotten; a table of forged sources cannot grow without bound.
struct EchoRateLimiterTests {
    static let second: Int64 = 1_000_000_000
    static let a = EchoRateLimiter.Source(high: 0, low: 1)
    static let b = EchoRateLimiter.Source(high: 0, low: 2)

    /// How many of `count` datagrams of `bytes` from `source`, evenly spread over `seconds` from
    /// `startNS`, are admitted.
    func admitted(
        _ limiter: inout EchoRateLimiter, from source: EchoRateLimiter.Source, count: Int, bytes: Int = 100, seconds: Double,
        startNS: Int64 = 0
    ) -> Int {
        (0..<count).filter { index in
            let now = startNS + Int64(Double(index) / Double(count) * seconds * 1e9)
            return limiter.refusal(source: source, bytes: bytes, nowNS: now) == nil
        }.count
    }

    @Test func aFloodFromOneSourceIsCutToASecondsBurstThenItsRate() {
        var limiter = EchoRateLimiter(limits: EchoRateLimits(), nowNS: 0)
        // 5000 packets a second for 2 s: a full bucket of 200, then 200 a second.
        let answered = admitted(&limiter, from: Self.a, count: 10_000, seconds: 2)
        #expect((599...601).contains(answered), "\(answered)")
        #expect(limiter.refusal(source: Self.a, bytes: 100, nowNS: 2 * Self.second) == .sourceRate)
        #expect(limiter.refusal(source: Self.b, bytes: 100, nowNS: 2 * Self.second) == nil, "another source is not held back")
    }

    @Test func aVoiceCallFromEverySourcePassesWhole() {
        var limiter = EchoRateLimiter(limits: EchoRateLimits(), nowNS: 0)
        // 50 packets a second of 180 bytes (G.711 behind the echo and RTP headers) for 20 s.
        #expect(admitted(&limiter, from: Self.a, count: 1000, bytes: 180, seconds: 20) == 1000)
    }

    @Test func theBitRateHoldsLargeDatagramsBelowThePacketRate() {
        var limits = EchoRateLimits()
        limits.sourceBits = 1_472 * 8 * 10
        var limiter = EchoRateLimiter(limits: limits, nowNS: 0)
        // 100 full-size datagrams in one second: ten fit in the bucket, ten more flow in.
        let answered = admitted(&limiter, from: Self.a, count: 100, bytes: 1_472, seconds: 1)
        #expect((19...20).contains(answered), "\(answered)")
    }

    @Test func theTotalRateCapsManySourcesTogether() {
        var limits = EchoRateLimits()
        limits.totalPackets = 300
        var limiter = EchoRateLimiter(limits: limits, nowNS: 0)
        var refusals: [EchoRefusal?] = []
        for index in 0..<400 {
            refusals.append(limiter.refusal(source: .init(high: 0, low: UInt64(index)), bytes: 100, nowNS: 0))
        }
        #expect(refusals.filter { $0 == nil }.count == 300)
        #expect(refusals.filter { $0 == .totalRate }.count == 100)
    }

    @Test func forgedSourcesFillTheTableOnlyUntilIdleOnesAreForgotten() {
        var limits = EchoRateLimits()
        limits.sources = 10
        var limiter = EchoRateLimiter(limits: limits, nowNS: 0)
        for index in 0..<10 { #expect(limiter.refusal(source: .init(high: 1, low: UInt64(index)), bytes: 100, nowNS: 0) == nil) }
        #expect(limiter.refusal(source: Self.a, bytes: 100, nowNS: 0) == .totalRate, "a new source while the table is full")
        #expect(limiter.refusal(source: Self.a, bytes: 100, nowNS: 2 * Self.second) == nil, "after a second idle they are forgotten")
        #expect(limiter.trackedSources == 1)
    }
}
