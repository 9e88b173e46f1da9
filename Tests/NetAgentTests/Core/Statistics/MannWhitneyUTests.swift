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
