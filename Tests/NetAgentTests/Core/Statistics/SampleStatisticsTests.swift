import Testing

@testable import NetAgentCore

@Suite struct SampleStatisticsTests {
    /// 1, 2, lost, 4, 3 ms: every statistic worked out by hand in the comments.
    let mixed: [Int64?] = [1_000_000, 2_000_000, nil, 4_000_000, 3_000_000]

    @Test func lossCountsOnlyMissingSamples() {
        let stats = SampleStatistics(samplesNS: mixed)
        #expect(stats.sent == 5)
        #expect(stats.received == 4)
        #expect(stats.lossPercent == 20)
    }

    @Test func minAvgMaxComeFromReceivedSamplesOnly() {
        let stats = SampleStatistics(samplesNS: mixed)
        #expect(stats.minMS == 1)
        #expect(stats.maxMS == 4)
        #expect(stats.avgMS == 2.5)
    }

    @Test func mdevIsThePopulationStandardDeviationLikePing() {
        // deviations from 2.5: -1.5 -0.5 1.5 0.5; squares sum to 5; 5 / 4 = 1.25; sqrt = 1.1180...
        let stats = SampleStatistics(samplesNS: mixed)
        #expect(abs(stats.mdevMS! - 1.118033988749895) < 1e-12)
    }

    @Test func percentilesUseNearestRank() {
        // sorted 1 2 3 4: p50 rank ceil(2) = 2 -> 2 ms; p90 rank ceil(3.6) = 4 -> 4 ms; p99 -> 4 ms
        let stats = SampleStatistics(samplesNS: mixed)
        #expect(stats.p50MS == 2)
        #expect(stats.p90MS == 4)
        #expect(stats.p99MS == 4)
    }

    @Test func jitterFollowsRFC3550OverSuccessiveReceivedSamples() {
        // received 1 2 4 3: D = 1, 2, 1; J = 1/16 = 0.0625; + (2 - 0.0625)/16 = 0.18359375; + (1 - 0.18359375)/16
        let stats = SampleStatistics(samplesNS: mixed)
        #expect(abs(stats.jitterMS! - 0.234619140625) < 1e-12)
    }

    @Test func everySampleLostGivesNoStatisticButFullLoss() {
        let stats = SampleStatistics(samplesNS: [nil, nil, nil])
        #expect(stats.lossPercent == 100)
        #expect(stats.minMS == nil && stats.avgMS == nil && stats.mdevMS == nil && stats.p50MS == nil && stats.jitterMS == nil)
    }

    @Test func noAttemptsGiveNoLossFigure() {
        #expect(SampleStatistics(samplesNS: []).lossPercent == nil)
    }

    @Test func oneSampleHasZeroDeviationAndNoJitter() {
        let stats = SampleStatistics(samplesNS: [5_000_000])
        #expect(stats.mdevMS == 0)
        #expect(stats.jitterMS == nil)
        #expect(stats.p99MS == 5)
    }

    @Test func percentilesOfAHundredSamplesPickTheRankedSample() {
        let stats = SampleStatistics(samplesNS: (1...100).reversed().map { Int64($0) * 1_000_000 })
        #expect(stats.p50MS == 50)
        #expect(stats.p90MS == 90)
        #expect(stats.p99MS == 99)
    }

    @Test func rpmIsSixtyThousandOverTheMeanRTTWithTheSlowestFivePercentTrimmed() {
        // 20 answers of 10 ms and one of 1 s: the slowest 5 % (one sample) is trimmed.
        let statistics = SampleStatistics(samplesNS: Array(repeating: 10_000_000, count: 20) + [1_000_000_000, nil])
        #expect(statistics.rpm == 6000)
        #expect(SampleStatistics(samplesNS: [nil, nil]).rpm == nil)
    }
}
