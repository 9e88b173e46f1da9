import Glibc

/// One target measured before and after: each statistic's change and whether latency or loss
/// changed significantly.
///
/// A latency change is significant when the Mann-Whitney U test on the raw RTTs gives
/// p < `alpha` AND the median moved by at least `minimumEffectMS` and 5 %: with hundreds of
/// samples the test alone flags shifts of a few microseconds that no listener would notice.
/// A loss change is significant by a two-proportion z test at the same `alpha`.
public struct ProbeComparison: Codable, Sendable {
    /// One statistic before and after.
    public struct Change: Codable, Sendable, Equatable {
        public let statistic: String
        public let before: Double?
        public let after: Double?
        /// (after - before) / before in percent; nil when before is 0 or either is missing.
        public let changePercent: Double?

        enum CodingKeys: String, CodingKey {
            case statistic, before, after
            case changePercent = "change_percent"
        }
    }

    /// A verdict on one aspect (latency or loss).
    public struct Verdict: Codable, Sendable, Equatable {
        public let direction: Direction
        public let significant: Bool
        public let pValue: Double?
        /// Which test gave `pValue`.
        public let test: String

        enum CodingKeys: String, CodingKey {
            case direction, significant, test
            case pValue = "p_value"
        }
    }

    public let module: String
    public let target: String
    public let changes: [Change]
    public let latency: Verdict
    public let loss: Verdict

    /// True when latency or loss got significantly worse.
    public var isWorse: Bool { latency.direction == .worse || loss.direction == .worse }

    /// Compares two measurements target by target, matching on module and target; targets
    /// measured only once are left out.
    public static func compare(before: [TargetReport], after: [TargetReport], settings: ComparisonSettings) -> [ProbeComparison] {
        after.compactMap { report in
            before.first { $0.module == report.module && $0.target == report.target }.map {
                ProbeComparison(before: $0, after: report, settings: settings)
            }
        }
    }

    public init(before: TargetReport, after: TargetReport, settings: ComparisonSettings = ComparisonSettings()) {
        let alpha = settings.alpha
        let minimumEffectMS = settings.minimumEffectMS
        module = after.module
        target = after.target
        let b = before.statistics
        let a = after.statistics
        var pairs: [(String, Double?, Double?)] = [
            ("min_ms", b.minMS, a.minMS), ("avg_ms", b.avgMS, a.avgMS), ("p50_ms", b.p50MS, a.p50MS),
            ("p90_ms", b.p90MS, a.p90MS), ("p99_ms", b.p99MS, a.p99MS), ("max_ms", b.maxMS, a.maxMS),
            ("mdev_ms", b.mdevMS, a.mdevMS), ("jitter_ms", b.jitterMS, a.jitterMS), ("loss_percent", b.lossPercent, a.lossPercent),
        ]
        if before.voice != nil || after.voice != nil {
            pairs += [("voice_mos", before.voice?.mos, after.voice?.mos), ("voice_r", before.voice?.r, after.voice?.r)]
        }
        changes = pairs.map { name, before, after in
            let percent = before.flatMap { before in after.flatMap { before == 0 ? nil : ($0 - before) / before * 100 } }
            return Change(statistic: name, before: before, after: after, changePercent: percent)
        }
        latency = Self.latencyVerdict(before.samplesNS, after.samplesNS, alpha: alpha, minimumEffectMS: minimumEffectMS)
        loss = Self.lossVerdict(b, a, alpha: alpha)
    }

    private static func latencyVerdict(_ before: [Int64?], _ after: [Int64?], alpha: Double, minimumEffectMS: Double) -> Verdict {
        let first = before.compactMap { $0 }.map { Double($0) / 1e6 }
        let second = after.compactMap { $0 }.map { Double($0) / 1e6 }
        guard let result = MannWhitneyU.test(first, second) else {
            return Verdict(direction: .unchanged, significant: false, pValue: nil, test: "mann-whitney-u")
        }
        let medianBefore = SampleStatistics.percentile(50, of: first.sorted())
        let medianAfter = SampleStatistics.percentile(50, of: second.sorted())
        let effect = abs(medianAfter - medianBefore)
        let significant = result.pValue < alpha && effect >= max(minimumEffectMS, 0.05 * medianBefore)
        let direction: Direction = !significant ? .unchanged : (medianAfter < medianBefore ? .better : .worse)
        return Verdict(direction: direction, significant: significant, pValue: result.pValue, test: "mann-whitney-u")
    }

    private static func lossVerdict(_ before: SampleStatistics, _ after: SampleStatistics, alpha: Double) -> Verdict {
        let n1 = Double(before.sent)
        let n2 = Double(after.sent)
        guard n1 > 0, n2 > 0 else { return Verdict(direction: .unchanged, significant: false, pValue: nil, test: "two-proportion-z") }
        let lost1 = n1 - Double(before.received)
        let lost2 = n2 - Double(after.received)
        let pooled = (lost1 + lost2) / (n1 + n2)
        let spread = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
        let pValue = spread == 0 ? 1 : MannWhitneyU.twoSidedP((lost2 / n2 - lost1 / n1) / spread)
        let significant = pValue < alpha
        let direction: Direction = !significant ? .unchanged : (lost2 / n2 < lost1 / n1 ? .better : .worse)
        return Verdict(direction: direction, significant: significant, pValue: pValue, test: "two-proportion-z")
    }
}
