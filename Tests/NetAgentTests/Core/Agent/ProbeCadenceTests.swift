import Testing

@testable import NetAgentCore

/// When a probe of the agent runs, over many runs, with seeded jitter.
@Suite struct ProbeCadenceTests {
    static let period: Int64 = 60_000_000_000

    @Test func theFirstRunFallsWithinTheFirstPeriod() {
        for seed in UInt64(0)..<200 {
            var random = SeededGenerator(seed: seed)
            var cadence = ProbeCadence()
            let first = cadence.nextRun(now: 1000, period: Self.period, using: &random)
            #expect(first >= 1000 && first < 1000 + Self.period)
        }
    }

    @Test func eachRunIsDueAPeriodAfterTheLastGiveOrTakeFivePercent() {
        var random = SeededGenerator(seed: 1)
        var cadence = ProbeCadence()
        var due = cadence.nextRun(now: 0, period: Self.period, using: &random)
        for _ in 0..<500 {
            cadence.start(now: due, period: Self.period, using: &random)
            let next = cadence.nextRun(now: due, period: Self.period, using: &random)
            #expect(abs(next - due - Self.period) <= Self.period / 20)
            due = next
        }
    }

    /// A schedule counted from each run's end would fall behind by the runs' length, here 45 %
    /// of a period each time: 450 periods after 1000 runs. Counted from when each was due, only
    /// the jitter's random walk remains.
    @Test func runsThatTakeTimeDoNotMakeTheScheduleDrift() {
        var random = SeededGenerator(seed: 2)
        var cadence = ProbeCadence()
        let first = cadence.nextRun(now: 0, period: Self.period, using: &random)
        var now = first
        for _ in 0..<1000 {
            cadence.start(now: now, period: Self.period, using: &random)
            now += Self.period * 45 / 100  // the run
            now = max(now, cadence.nextRun(now: now, period: Self.period, using: &random))
        }
        #expect(abs(now - (first + 1000 * Self.period)) < 5 * Self.period)
    }

    @Test func aRunThatOverrunsItsPeriodDelaysTheNextUntilItEndsAndNoSooner() {
        var random = SeededGenerator(seed: 3)
        var cadence = ProbeCadence()
        let first = cadence.nextRun(now: 0, period: Self.period, using: &random)
        cadence.start(now: first, period: Self.period, using: &random)
        let end = first + Self.period * 5 / 2
        #expect(cadence.nextRun(now: end, period: Self.period, using: &random) < end, "overdue: it runs as the last ends")
        cadence.start(now: end, period: Self.period, using: &random)
        let afterOverrun = cadence.nextRun(now: end, period: Self.period, using: &random)
        #expect(afterOverrun >= end + Self.period / 2, "never sooner than half a period after the last start")
        #expect(afterOverrun <= end + Self.period)
    }
}
