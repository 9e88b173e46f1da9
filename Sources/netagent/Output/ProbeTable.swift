import Glibc
import NetAgentCore

/// Probe results as a table, statistics in milliseconds.
enum ProbeTable {
    static func print(_ reports: [TargetReport], skipped: [SkippedProbe], failed: [FailedProbe] = []) {
        if !reports.isEmpty {
            Output.table(
                ["PROBE", "TARGET", "SENT", "LOSS%", "MIN", "AVG", "MAX", "MDEV", "P50", "P90", "P99", "JITTER", "RPM"],
                reports.map { report in
                    let stats = report.statistics
                    return [
                        report.module, report.target, "\(stats.sent)",
                        stats.lossPercent.map { Output.formatted($0, decimals: 1) } ?? "-",
                        Output.milliseconds(stats.minMS), Output.milliseconds(stats.avgMS),
                        Output.milliseconds(stats.maxMS), Output.milliseconds(stats.mdevMS),
                        Output.milliseconds(stats.p50MS), Output.milliseconds(stats.p90MS),
                        Output.milliseconds(stats.p99MS), Output.milliseconds(stats.jitterMS),
                        stats.rpm.map { Output.formatted($0, decimals: 0) } ?? "-",
                    ]
                })
            let phased = reports.filter { !($0.phases ?? [:]).isEmpty }
            if !phased.isEmpty {
                Swift.print("")
                Output.table(
                    ["PROBE", "TARGET", "PHASE", "P50", "P90", "P99", "AVG", "MAX"],
                    phased.flatMap { report in
                        (report.phases ?? [:]).sorted { RequestPhases.sortKey($0.key) < RequestPhases.sortKey($1.key) }.map { name, stats in
                            [
                                report.module, report.target, name, Output.milliseconds(stats.p50MS), Output.milliseconds(stats.p90MS),
                                Output.milliseconds(stats.p99MS), Output.milliseconds(stats.avgMS), Output.milliseconds(stats.maxMS),
                            ]
                        }
                    })
            }
            LossTable.print(reports)
            VoiceTable.print(reports)
            Swift.print("times in ms; mdev is the population standard deviation, as ping prints it")
            for report in reports {
                if let error = report.error { Swift.print("\(report.module) \(report.target): \(error)") }
                for error in report.errors { Swift.print("\(report.module) \(report.target): \(error)") }
            }
        }
        for probe in skipped {
            Swift.print("probe \(probe.module) skipped: \(probe.reason)")
        }
        // Each failure's message is on standard error already; the table only names the probe.
        for probe in failed {
            Swift.print("probe \(probe.module) FAILED (the error is above)")
        }
    }
}
