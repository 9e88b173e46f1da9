import Glibc
import NetAgentCore

/// Before/after comparisons as a table, one row per target and statistic, then the verdicts.
enum ComparisonTable {
    static func print(_ comparisons: [ProbeComparison]) {
        guard !comparisons.isEmpty else { return Swift.print("nothing to compare: no target was measured both times") }
        Swift.print("")
        Output.table(
            ["PROBE", "TARGET", "STATISTIC", "BEFORE", "AFTER", "CHANGE%"],
            comparisons.flatMap { comparison in
                comparison.changes.map { change in
                    let format = { (value: Double?) in value.map { Output.formatted($0, decimals: 3) } ?? "-" }
                    return [
                        comparison.module, comparison.target, change.statistic, format(change.before), format(change.after),
                        change.changePercent.map { ($0 >= 0 ? "+" : "") + Output.formatted($0, decimals: 1) } ?? "-",
                    ]
                }
            })
        for comparison in comparisons {
            let latencyP = comparison.latency.pValue.map { Output.formatted($0, decimals: 4) } ?? "-"
            let lossP = comparison.loss.pValue.map { Output.formatted($0, decimals: 4) } ?? "-"
            Swift.print(
                "\(comparison.module) \(comparison.target): latency \(comparison.latency.direction) (Mann-Whitney U p=\(latencyP)), loss \(comparison.loss.direction) (two-proportion z p=\(lossP))"
            )
        }
    }
}
