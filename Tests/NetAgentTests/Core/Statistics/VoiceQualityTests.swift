import NetAgentWire
import Testing

@testable import NetAgentCore

/// A packet sequence rated as a call: the Gilbert estimate, RFC 3550 jitter and the one-way
/// delay, each checked against values worked out by hand from their definitions.
@Suite struct VoiceQualityTests {
    let g711 = CallShape(codec: "g711", frameMS: 20)

    /// 1000 packets of `rttNS`, lost where `lost(index)` says.
    func samples(rttNS: Int64 = 1_000_000, lost: (Int) -> Bool) -> [Int64?] {
        (0..<1000).map { lost($0) ? nil : rttNS }
    }

    @Test func runsOfFiveLostInEveryFiftyGiveTheirGilbertEstimateAndBurstRAboveFour() throws {
        // 20 cycles of 5 lost then 45 received: 19 received-to-lost transitions out of 899
        // received packets with a successor, 20 lost-to-received out of 100 lost.
        let voice = try VoiceQuality(samplesNS: samples { $0 % 50 < 5 }, call: g711)
        #expect(abs(voice.gilbertP - 19.0 / 899) < 1e-12)
        #expect(abs(voice.gilbertQ - 20.0 / 100) < 1e-12)
        #expect(abs(voice.burstR - 1 / (19.0 / 899 + 0.2)) < 1e-9)
        #expect(voice.lossPercent == 10)
    }

    @Test func isolatedLossesGiveBurstRNearOne() throws {
        // Every tenth packet lost, the last one included: never two in a row, so q = 1, and
        // p = 100 / 900 (every received packet has a successor, 100 of them lost).
        let voice = try VoiceQuality(samplesNS: samples { $0 % 10 == 9 }, call: g711)
        #expect(voice.gilbertQ == 1)
        #expect(abs(voice.burstR - 1 / (1 + 100.0 / 900)) < 1e-9, "isolated losses are, if anything, less bursty than random")
    }

    @Test func theSameLossInBurstsCostsMoreRPointsThanSpreadOut() throws {
        let bursty = try VoiceQuality(samplesNS: samples { $0 % 50 < 5 }, call: g711)
        let spread = try VoiceQuality(samplesNS: samples { $0 % 10 == 9 }, call: g711)
        #expect(bursty.lossPercent == spread.lossPercent)
        #expect(bursty.r < spread.r - 5, "\(bursty.r) vs \(spread.r)")
        #expect(bursty.impairments.bursts > 5)
        #expect(bursty.costs.contains { $0.hasPrefix("loss bursts cost 7.") }, "\(bursty.costs)")
        #expect(!spread.costs.contains { $0.hasPrefix("loss bursts") }, "\(spread.costs)")
    }

    @Test func alternatingRoundTripsGiveRFC3550JitterOfTheirDifference() throws {
        // RTTs alternate 1 and 11 ms, so every |D| is 10 ms: J(n) = 10 (1 - (15/16)^n).
        let alternating: [Int64?] = (0..<100).map { $0 % 2 == 0 ? 1_000_000 : 11_000_000 }
        let voice = try VoiceQuality(samplesNS: alternating, call: g711)
        var expected = 10.0
        for _ in 0..<99 { expected *= 15.0 / 16 }
        #expect(abs(voice.jitterMS - (10 - expected)) < 1e-9)
        #expect(voice.jitterP99MS == 10)
        #expect(voice.jitterBufferMS == 20, "2 x p99 of |D|, which is also the 20 ms floor")
        // Mean RTT 6 ms: 3 ms one way, 20 ms buffer, 20 ms frame, no look-ahead for G.711.
        #expect(abs(voice.oneWayDelayMS - 43) < 1e-9)
    }

    @Test func aFixedJitterBufferAndTheCodecsLookAheadAddToTheDelay() throws {
        let call = CallShape(codec: "g729a", frameMS: 20, jitterBufferMS: 60)
        let voice = try VoiceQuality(samplesNS: samples(rttNS: 40_000_000) { _ in false }, call: call)
        #expect(abs(voice.oneWayDelayMS - (20 + 60 + 20 + 5)) < 1e-9)
        #expect(voice.impairments.codec == 11)
        let rating = EModel.rating(oneWayDelayMS: 105, lossPercent: 0, burstR: 1, codec: .g729a)
        #expect(voice.r == rating.r && voice.mos == rating.mos)
    }

    @Test func aCleanFastPathRatesNearTheModelsCeiling() throws {
        let voice = try VoiceQuality(samplesNS: samples(rttNS: 100_000) { _ in false }, call: g711)
        #expect(voice.r > 91 && voice.r < 93.2, "\(voice.r)")
        #expect(voice.mos > 4.3)
        #expect(voice.burstR == 1 && voice.lossPercent == 0)
    }

    @Test func anUnknownCodecOrNoReplyIsNotRatedAndSaysWhy() {
        #expect(throws: VoiceQuality.Unrated.self) {
            try VoiceQuality(samplesNS: [1_000_000], call: CallShape(codec: "opus", frameMS: 20))
        }
        do {
            _ = try VoiceQuality(samplesNS: [nil, nil], call: g711)
            Issue.record("a call with no reply was rated")
        } catch {
            #expect(error.description.contains("no packet came back"))
        }
    }

    @Test func aProbeResultWithACallIsRatedInItsReport() {
        let raw = RawTargetResult(
            target: "t", samplesNS: [1_000_000, nil, 1_000_000], errors: nil, error: nil, phasesNS: nil, counters: nil,
            timestampSource: nil, call: CallShape(codec: "g711", frameMS: 20))
        let report = TargetReport(module: "voice", raw: raw)
        #expect(report.voice?.lossPercent ?? 0 > 33)
        let unknown = RawTargetResult(
            target: "t", samplesNS: [1_000_000], errors: nil, error: nil, phasesNS: nil, counters: nil, timestampSource: nil,
            call: CallShape(codec: "opus", frameMS: 20))
        let unrated = TargetReport(module: "voice", raw: unknown)
        #expect(unrated.voice == nil)
        #expect(unrated.errors.contains { $0.contains("codec \"opus\"") })
    }
}
