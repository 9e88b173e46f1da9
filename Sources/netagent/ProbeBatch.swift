import Glibc
import NetAgentCore

/// A probe that was not run, and why.
struct SkippedProbe: Encodable {
    let module: String
    let reason: String
}

/// A probe whose run failed (crashed, hung, exited, returned garbage), and what happened.
struct FailedProbe: Encodable {
    let module: String
    let error: String
}

/// What the command line sets for every probe it runs; nil keeps the config's value.
struct ProbeOverrides {
    var targets: [String]? = nil
    var count: Int? = nil
    var intervalMS: Int? = nil
    var timeoutMS: Int? = nil
}

/// Runs the enabled probes of a selection, one after another.
enum ProbeBatch {
    /// The probes to run with their settings, checked before anything runs.
    struct Plan {
        var runs: [(module: AvailableModule, settings: ProbeSettings)] = []
        var skipped: [SkippedProbe] = []
    }

    /// What a batch measured: every target's report, and each module's run time in seconds.
    struct Outcome {
        var reports: [TargetReport] = []
        var durations: [String: Double] = [:]
        /// Probes that failed; the others' results stand.
        var failures: [FailedProbe] = []
    }

    /// Checks every probe's settings (config table, then `overrides`). One without targets is
    /// skipped when `skipWithoutTargets` is set, and is an error the user must fix otherwise.
    static func plan(
        _ probes: [AvailableModule], selection: Selection, overrides: ProbeOverrides, skipWithoutTargets: Bool
    ) throws -> Plan {
        var plan = Plan()
        for module in probes {
            let settings = try ProbeSettings(
                selection: selection, module: module, targets: overrides.targets, count: overrides.count,
                intervalMS: overrides.intervalMS, timeoutMS: overrides.timeoutMS)
            if settings.targets.isEmpty && skipWithoutTargets {
                plan.skipped.append(SkippedProbe(module: module.name, reason: "no targets in its [\(module.name)] table"))
            } else {
                plan.runs.append((module, settings))
            }
        }
        return plan
    }

    /// Runs the planned probes. Progress goes to standard error when it is a terminal.
    static func run(_ plan: Plan, selection: Selection, context: HostContext, showProgress: Bool) throws -> Outcome {
        var outcome = Outcome()
        for (module, settings) in plan.runs {
            if showProgress && isatty(2) != 0 {
                let seconds = (settings.count - 1) * settings.intervalMS / 1000
                Output.standardError("probing with \(module.name): \(settings.targets.count) target(s) x \(settings.count) attempt(s), about \(seconds) s\n")
            }
            let start = MonotonicClock.nanoseconds()
            do {
                outcome.reports += try ProbeRunner.run(
                    module, settings: settings, configJSON: selection.configJSON(for: module), context: context)
            } catch let error as NetAgentError where error.exitCode == .failure {
                Output.error(error.message, exitCode: error.exitCode.rawValue, json: false)
                outcome.failures.append(FailedProbe(module: module.name, error: error.message))
            } catch let error as ModuleCallError {
                Output.error(error.description, exitCode: 1, json: false)
                outcome.failures.append(FailedProbe(module: module.name, error: error.description))
            }
            outcome.durations[module.name] = Double(MonotonicClock.nanoseconds() - start) / 1e9
        }
        return outcome
    }
}

/// Probe results as a table, statistics in milliseconds.
enum ProbeTable {
    /// Phases in the order a request goes through them; unknown names after, alphabetically.
    static func phaseOrder(_ name: String) -> String {
        let known = ["dns", "connect", "tls", "ttfb", "total"]
        return known.firstIndex(of: name).map { "\($0)" } ?? "9" + name
    }

    static func print(_ reports: [TargetReport], skipped: [SkippedProbe], failed: [FailedProbe] = []) {
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
            let phased = reports.filter { !($0.phases ?? [:]).isEmpty }
            if !phased.isEmpty {
                Swift.print("")
                Output.table(["PROBE", "TARGET", "PHASE", "P50", "P90", "P99", "AVG", "MAX"], phased.flatMap { report in
                    (report.phases ?? [:]).sorted { phaseOrder($0.key) < phaseOrder($1.key) }.map { name, stats in
                        [report.module, report.target, name, Output.milliseconds(stats.p50MS), Output.milliseconds(stats.p90MS),
                         Output.milliseconds(stats.p99MS), Output.milliseconds(stats.avgMS), Output.milliseconds(stats.maxMS)]
                    }
                })
            }
            Swift.print("times in ms; mdev is the population standard deviation, as ping prints it")
            for report in reports {
                if let error = report.error { Swift.print("\(report.module) \(report.target): \(error)") }
                for error in report.errors { Swift.print("\(report.module) \(report.target): \(error)") }
            }
        }
        for probe in skipped {
            Swift.print("probe \(probe.module) skipped: \(probe.reason)")
        }
        for probe in failed {
            Swift.print("probe \(probe.module) FAILED: \(probe.error)")
        }
    }
}

/// Before/after comparisons as a table, one row per target and statistic, then the verdicts.
enum ComparisonTable {
    static func print(_ comparisons: [ProbeComparison]) {
        guard !comparisons.isEmpty else { return Swift.print("nothing to compare: no target was measured both times") }
        Swift.print("")
        Output.table(["PROBE", "TARGET", "STATISTIC", "BEFORE", "AFTER", "CHANGE%"], comparisons.flatMap { comparison in
            comparison.changes.map { change in
                let format = { (value: Double?) in value.map { Output.formatted($0, decimals: 3) } ?? "-" }
                return [comparison.module, comparison.target, change.statistic, format(change.before), format(change.after),
                        change.changePercent.map { ($0 >= 0 ? "+" : "") + Output.formatted($0, decimals: 1) } ?? "-"]
            }
        })
        for comparison in comparisons {
            let latencyP = comparison.latency.pValue.map { Output.formatted($0, decimals: 4) } ?? "-"
            let lossP = comparison.loss.pValue.map { Output.formatted($0, decimals: 4) } ?? "-"
            Swift.print("\(comparison.module) \(comparison.target): latency \(comparison.latency.direction) (Mann-Whitney U p=\(latencyP)), loss \(comparison.loss.direction) (two-proportion z p=\(lossP))")
        }
    }
}
