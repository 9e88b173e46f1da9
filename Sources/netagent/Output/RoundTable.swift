import NetAgentCore

/// `run --measure`'s rounds, one line per target: each statistic before → after (medians over
/// the rounds) as a ratio and a percentage, then the verdict and how many rounds agreed.
enum RoundTable {
    static func print(_ comparisons: [RoundComparison]) {
        guard !comparisons.isEmpty else { return Swift.print("nothing to compare: no target was measured in every round") }
        Swift.print("")
        for comparison in comparisons {
            let changes = comparison.statistics.map(describe).joined(separator: ", ")
            let agreeing = comparison.statistics.filter { $0.direction == comparison.verdict }.map(\.roundsAgreeing).max() ?? 0
            let verdict =
                comparison.verdict == .unchanged
                ? "unchanged"
                : "\(comparison.verdict.rawValue) in \(agreeing) of \(comparison.rounds) rounds"
            let p = comparison.pValue.map { " (sign test p=\(Output.formatted($0, decimals: 3)))" } ?? ""
            let claim = comparison.rounds < 2 ? "; one round: no significance is claimed" : ""
            Swift.print("\(comparison.module) \(comparison.target): \(changes); \(verdict)\(p)\(claim)")
        }
    }

    /// "p50 48.3 → 5.7 ms (8.5× lower, -88.2 %)", "MOS 3.9 → 4.4 (1.1× higher, +12.8 %)".
    private static func describe(_ statistic: RoundComparison.Statistic) -> String {
        let name: String
        let unit: String
        let scale: Double
        switch statistic.statistic {
        case ProbeCounters.goodputUp: (name, unit, scale) = ("goodput up", " Mbit/s", 1e-6)
        case ProbeCounters.goodputDown: (name, unit, scale) = ("goodput down", " Mbit/s", 1e-6)
        case "loss_percent": (name, unit, scale) = ("loss", " %", 1)
        case "voice_mos": (name, unit, scale) = ("MOS", "", 1)
        default: (name, unit, scale) = (String(statistic.statistic.dropLast(3)), " ms", 1)
        }
        let before = Output.formatted(statistic.beforeMedian * scale, decimals: 1)
        let after = Output.formatted(statistic.afterMedian * scale, decimals: 1)
        var text = "\(name) \(before) → \(after)\(unit)"
        if let ratio = statistic.ratio, ratio > 0, let percent = statistic.changePercent, abs(percent) >= 0.05 {
            let factor = ratio < 1 ? 1 / ratio : ratio
            let way = ratio < 1 ? "lower" : "higher"
            text +=
                " (\(Output.formatted(factor, decimals: 1))× \(way), \(percent >= 0 ? "+" : "")\(Output.formatted(percent, decimals: 1)) %)"
        }
        return text
    }
}
