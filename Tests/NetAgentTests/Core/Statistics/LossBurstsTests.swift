import Testing

@testable import NetAgentCore

/// Runs of consecutive lost attempts, counted by length.
@Suite struct LossBurstsTests {
    @Test func runsOfLostAttemptsAreCountedByLength() {
        let bursts = LossBursts(samplesNS: [1, nil, 2, nil, nil, nil, 3, nil, nil, 4, nil])
        #expect(bursts.count == 4)
        #expect(bursts.max == 3)
        #expect(bursts.histogram == ["1": 2, "3": 1, "2": 1])
    }

    @Test func nothingLostMeansNoBursts() {
        let bursts = LossBursts(samplesNS: [1, 2, 3])
        #expect(bursts.count == 0 && bursts.max == 0 && bursts.histogram.isEmpty)
    }
}
