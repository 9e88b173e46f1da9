import Glibc

/// The Mann-Whitney U test (Wilcoxon rank-sum): do two samples come from distributions where
/// one tends to give larger values?
///
/// Chosen for comparing RTTs because latency distributions are skewed with long tails, so a
/// t-test's normality assumption fails, and a rank test uses every raw sample without
/// resampling noise (a bootstrap would give a different answer on every run). Ties get the
/// average rank and the variance's tie correction; the p-value is two-sided, from the normal
/// approximation with continuity correction, which is accurate for the 20+ samples per side
/// that probes take.
public enum MannWhitneyU {
    /// The outcome: U of the first sample, the z score, and the two-sided p-value.
    public struct Result: Codable, Sendable, Equatable {
        public let u: Double
        public let z: Double
        public let pValue: Double

        enum CodingKeys: String, CodingKey {
            case u, z
            case pValue = "p_value"
        }
    }

    /// Tests `first` against `second`; nil when either has no values.
    public static func test(_ first: [Double], _ second: [Double]) -> Result? {
        let n1 = Double(first.count)
        let n2 = Double(second.count)
        guard n1 > 0, n2 > 0 else { return nil }
        let pooled = (first.map { ($0, 0) } + second.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var rankSumFirst = 0.0
        var tieTerm = 0.0
        var index = 0
        while index < pooled.count {
            var end = index
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[index].0 { end += 1 }
            let averageRank = Double(index + end + 2) / 2
            let tied = Double(end - index + 1)
            tieTerm += tied * tied * tied - tied
            for position in index...end where pooled[position].1 == 0 { rankSumFirst += averageRank }
            index = end + 1
        }
        let u = rankSumFirst - n1 * (n1 + 1) / 2
        let mean = n1 * n2 / 2
        let total = n1 + n2
        let variance = n1 * n2 / 12 * ((total + 1) - tieTerm / (total * (total - 1)))
        guard variance > 0 else { return Result(u: u, z: 0, pValue: 1) }
        let difference = abs(u - mean)
        let z = max(difference - 0.5, 0) / variance.squareRoot()
        return Result(u: u, z: u < mean ? -z : z, pValue: min(1, twoSidedP(z)))
    }

    /// The two-sided p-value of a standard normal z score.
    static func twoSidedP(_ z: Double) -> Double {
        erfc(abs(z) / 2.0.squareRoot())
    }
}
