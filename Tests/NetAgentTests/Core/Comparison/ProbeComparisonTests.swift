import Testing

@testable import NetAgentCore

/// Before and after compared: a direction only when the change is significant and large enough.
@Suite struct ProbeComparisonTests {
    func report(_ samples: [Int64?]) throws -> TargetReport {
        let raw = RawTargetResult(
            target: "t", samplesNS: samples, errors: nil, error: nil, phasesNS: nil, counters: nil, timestampSource: nil, call: nil)
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
