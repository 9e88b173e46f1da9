import NetAgentCore

/// A probe that `run` did not run, and why.
struct SkippedProbe: Encodable {
    let module: String
    let reason: String
}

/// Runs every enabled probe of a selection that has targets.
enum ProbeBatch {
    static func run(
        selection: Selection, context: HostContext, skipped: inout [SkippedProbe],
        targets: [String]? = nil, count: Int? = nil, intervalMS: Int? = nil
    ) throws -> [TargetReport] {
        var reports: [TargetReport] = []
        for module in selection.modules(of: .probe) {
            let settings = try ProbeSettings(
                selection: selection, module: module, targets: targets, count: count, intervalMS: intervalMS)
            guard !settings.targets.isEmpty else {
                skipped.append(SkippedProbe(module: module.name, reason: "no targets in its [\(module.name)] table"))
                continue
            }
            reports += try ProbeRunner.run(
                module, settings: settings, configJSON: selection.configJSON(for: module), context: context)
        }
        return reports
    }
}

/// Probe results as a table, statistics in milliseconds.
enum ProbeTable {
    static func print(_ reports: [TargetReport], skipped: [SkippedProbe]) {
        if !reports.isEmpty {
            Output.table(
                ["PROBE", "TARGET", "SENT", "LOSS%", "MIN", "AVG", "MAX", "MDEV", "P50", "P90", "P99", "JITTER"],
                reports.map { report in
                    let stats = report.statistics
                    return [report.module, report.target, "\(stats.sent)",
                            stats.lossPercent.map { Output.formatted($0, decimals: 1) } ?? "-",
                            Output.milliseconds(stats.minMS), Output.milliseconds(stats.avgMS),
                            Output.milliseconds(stats.maxMS), Output.milliseconds(stats.mdevMS),
                            Output.milliseconds(stats.p50MS), Output.milliseconds(stats.p90MS),
                            Output.milliseconds(stats.p99MS), Output.milliseconds(stats.jitterMS)]
                })
            Swift.print("times in ms; mdev is the population standard deviation, as ping prints it")
            for report in reports {
                if let error = report.error { Swift.print("\(report.module) \(report.target): \(error)") }
                for error in report.errors { Swift.print("\(report.module) \(report.target): \(error)") }
            }
        }
        for probe in skipped {
            Swift.print("probe \(probe.module) skipped: \(probe.reason)")
        }
    }
}
