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
