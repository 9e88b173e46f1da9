/// One target measured in A/B rounds (`run --measure --rounds N`): per statistic, each round's
/// window before and after applying, the change as a ratio and a percentage, and a verdict from
/// the rounds, not from pooled samples (samples taken 50 ms apart under a filling queue are
/// correlated, so a test that assumes them independent overstates).
///
/// The method, a sign test over rounds: a statistic moved `better` (or `worse`) when it moved
/// that way in every round, by at least the minimum effect; its one-sided p-value is 0.5^N.
/// With one round nothing is claimed significant. The verdict is `worse` when the median, the
/// p99, loss, goodput or a call's MOS got significantly worse, `better` when the median, the
/// p99 or the MOS got significantly better and nothing got worse, and `unchanged` otherwise.
public struct RoundComparison: Codable, Sendable {
    /// One statistic across the rounds.
    public struct Statistic: Codable, Sendable {
        public let statistic: String
        /// Each round's value before and after applying.
        public let before: [Double]
        public let after: [Double]
        /// The median over rounds.
        public let beforeMedian: Double
        public let afterMedian: Double
        /// afterMedian / beforeMedian; nil when before is 0.
        public let ratio: Double?
        public let changePercent: Double?
        /// Rounds in which it moved the way `direction` says (or, unchanged, the most that agreed).
        public let roundsAgreeing: Int
        public let direction: Direction

        enum CodingKeys: String, CodingKey {
            case statistic, before, after, ratio, direction
            case beforeMedian = "before_median"
            case afterMedian = "after_median"
            case changePercent = "change_percent"
            case roundsAgreeing = "rounds_agreeing"
        }
    }

    public let module: String
    public let target: String
    public let rounds: Int
    public let statistics: [Statistic]
    public let verdict: Direction
    /// True when the verdict rests on at least two rounds that all agree.
    public let significant: Bool
    /// The sign test's one-sided p-value for the verdict's rounds, 0.5^N; nil for `unchanged`.
    public let pValue: Double?
    public let method: String

    enum CodingKeys: String, CodingKey {
        case module, target, rounds, statistics, verdict, significant, method
        case pValue = "p_value"
    }

    /// What is compared, and whether lower is better.
    private static let measures: [(name: String, lowerIsBetter: Bool, value: @Sendable (TargetReport) -> Double?)] = [
        ("p50_ms", true, { $0.statistics.p50MS }),
        ("p99_ms", true, { $0.statistics.p99MS }),
        ("loss_percent", true, { $0.statistics.lossPercent }),
        (ProbeCounters.goodputUp, false, { $0.counters?[ProbeCounters.goodputUp].map(Double.init) }),
        (ProbeCounters.goodputDown, false, { $0.counters?[ProbeCounters.goodputDown].map(Double.init) }),
        ("voice_mos", false, { $0.voice?.mos }),
    ]

    /// Compares every target measured in all `windows` (one before/after pair per round).
    public static func compare(_ windows: [(before: [TargetReport], after: [TargetReport])], settings: ComparisonSettings)
        -> [RoundComparison]
    {
        guard let first = windows.first else { return [] }
        return first.after.compactMap { report in
            let pairs = windows.compactMap { window -> (TargetReport, TargetReport)? in
                let find = { (reports: [TargetReport]) in reports.first { $0.module == report.module && $0.target == report.target } }
                guard let before = find(window.before), let after = find(window.after) else { return nil }
                return (before, after)
            }
            guard pairs.count == windows.count else { return nil }
            return RoundComparison(module: report.module, target: report.target, pairs: pairs, settings: settings)
        }
    }

    init(module: String, target: String, pairs: [(before: TargetReport, after: TargetReport)], settings: ComparisonSettings) {
        self.module = module
        self.target = target
        rounds = pairs.count
        statistics = Self.measures.compactMap { measure in
            let values = pairs.compactMap { pair in measure.value(pair.before).flatMap { b in measure.value(pair.after).map { (b, $0) } } }
            guard values.count == pairs.count, !values.isEmpty else { return nil }
            return Self.statistic(measure.name, values, lowerIsBetter: measure.lowerIsBetter, settings: settings)
        }
        let decisive = statistics.filter { ["p50_ms", "p99_ms", "voice_mos"].contains($0.statistic) }
        let worse = statistics.contains { $0.direction == .worse }
        let better = decisive.contains { $0.direction == .better }
        verdict = worse ? .worse : (better ? .better : .unchanged)
        significant = verdict != .unchanged && rounds >= 2
        pValue = verdict == .unchanged ? nil : (0..<rounds).reduce(1.0) { product, _ in product / 2 }
        method =
            rounds >= 2
            ? "sign test over \(rounds) rounds: a statistic counts when every round moved the same way"
            : "one round: no significance is claimed"
    }

    /// One statistic's rounds and direction.
    private static func statistic(
        _ name: String, _ values: [(before: Double, after: Double)], lowerIsBetter: Bool, settings: ComparisonSettings
    ) -> Statistic {
        let befores = values.map(\.before)
        let afters = values.map(\.after)
        /// The way one round moved, by at least the minimum effect: latency by min-effect-ms and
        /// 5 %, loss by one percentage point, MOS by 0.1, goodput by 10 %.
        func move(_ before: Double, _ after: Double) -> Direction {
            let threshold: Double
            switch name {
            case "loss_percent": threshold = 1
            case "voice_mos": threshold = 0.1
            case "p50_ms", "p99_ms": threshold = max(settings.minimumEffectMS, 0.05 * before)
            default: threshold = 0.1 * before
            }
            guard abs(after - before) >= threshold, after != before else { return .unchanged }
            return (after < before) == lowerIsBetter ? .better : .worse
        }
        let moves = values.map { move($0.before, $0.after) }
        let better = moves.filter { $0 == .better }.count
        let worse = moves.filter { $0 == .worse }.count
        let direction: Direction = better == moves.count ? .better : (worse == moves.count ? .worse : .unchanged)
        let beforeMedian = median(befores)
        let afterMedian = median(afters)
        return Statistic(
            statistic: name, before: befores, after: afters, beforeMedian: beforeMedian, afterMedian: afterMedian,
            ratio: beforeMedian == 0 ? nil : afterMedian / beforeMedian,
            changePercent: beforeMedian == 0 ? nil : (afterMedian - beforeMedian) / beforeMedian * 100,
            roundsAgreeing: max(better, worse), direction: direction)
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
