import Testing

@testable import NetAgentCore

/// p-values checked against scipy.stats.mannwhitneyu(method="asymptotic", use_continuity=True).
@Suite struct MannWhitneyUTests {
    @Test func separatedSamplesGiveUOfZeroAndScipysPValue() throws {
        let result = try #require(MannWhitneyU.test([1, 2, 3], [4, 5, 6]))
        #expect(result.u == 0)
        #expect(abs(result.pValue - 0.08085559837005224) < 1e-9)
    }

    @Test func tiesGetAverageRanksAndTheVarianceCorrection() throws {
        let result = try #require(MannWhitneyU.test([1, 2, 2, 3, 5], [2, 4, 4, 6, 7, 8]))
        #expect(result.u == 5)
        #expect(abs(result.pValue - 0.07934368319771502) < 1e-9)
    }

    @Test func identicalSamplesAreNotSignificant() throws {
        let values = (1...50).map(Double.init)
        let result = try #require(MannWhitneyU.test(values, values))
        #expect(result.pValue > 0.99)
    }

    @Test func allValuesEqualGivesPOfOne() throws {
        #expect(try #require(MannWhitneyU.test([3, 3, 3], [3, 3])).pValue == 1)
    }

    @Test func anEmptySideHasNoTest() {
        #expect(MannWhitneyU.test([], [1, 2]) == nil)
    }
}

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

@Suite struct ProbeComparisonTests {
    func report(_ samples: [Int64?]) throws -> TargetReport {
        let raw = RawTargetResult(
            target: "t", samplesNS: samples, errors: nil, error: nil, phasesNS: nil, counters: nil, timestampSource: nil)
        return TargetReport(module: "icmp", raw: raw)
    }

    @Test func aClearShiftUpIsSignificantlyWorse() throws {
        let before = try report((0..<100).map { Int64(1_000_000 + $0 * 1_000) })
        let after = try report((0..<100).map { Int64(6_000_000 + $0 * 1_000) })
        let comparison = ProbeComparison(before: before, after: after)
        #expect(comparison.latency.direction == .worse && comparison.latency.significant)
        #expect(comparison.changes.first { $0.statistic == "p50_ms" }?.changePercent ?? 0 > 300)
    }

    @Test func aTinyShiftBelowTheMinimumEffectIsUnchangedEvenWhenTheTestFlagsIt() throws {
        let before = try report((0..<500).map { Int64(20_000 + $0 % 7) })
        let after = try report((0..<500).map { Int64(23_000 + $0 % 7) })
        let comparison = ProbeComparison(before: before, after: after)
        #expect((comparison.latency.pValue ?? 1) < 0.01, "the test alone would call a 3 us shift significant")
        #expect(comparison.latency.direction == .unchanged)
    }

    @Test func moreLossIsSignificantlyWorseLoss() throws {
        let before = try report(Array(repeating: 1_000_000, count: 200))
        let after = try report((0..<200).map { $0 % 4 == 0 ? nil : 1_000_000 })
        #expect(ProbeComparison(before: before, after: after).loss.direction == .worse)
    }
}
