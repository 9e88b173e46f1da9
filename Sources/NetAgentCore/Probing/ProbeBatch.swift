import CNetAgent
import NetAgentSystem

/// Runs the enabled probes of a selection, one after another: first every probe's settings are
/// checked (`plan`), then the probes run (`run`). A probe that fails costs only its own result.
public enum ProbeBatch {
    /// The probes to run with their settings, checked before anything runs.
    public struct Plan: Sendable {
        public var runs: [(module: AvailableModule, settings: ProbeSettings)] = []
        public var skipped: [SkippedProbe] = []

        /// The plan of the probe called `name` alone.
        public func only(_ name: String) -> Plan {
            Plan(runs: runs.filter { $0.module.name == name })
        }
    }

    /// What a batch measured: every target's report, each module's run time in seconds, and
    /// the probes that failed.
    public struct Outcome: Sendable {
        public var reports: [TargetReport] = []
        public var durations: [String: Double] = [:]
        public var failures: [FailedProbe] = []
        /// ^C stopped the batch: the reports hold what was measured until then, and the probes
        /// after the one running were not started.
        public var interrupted = false
    }

    /// Told as each probe starts: the module, its settings, and about how long it will take.
    public typealias Progress = (_ module: String, _ settings: ProbeSettings) -> Void

    /// Checks every probe's settings (config table, then `overrides`). One without targets is
    /// skipped when `skipWithoutTargets` is set, and is an error the user must fix otherwise.
    public static func plan(
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
                try ProbeRunner.requireTargets(settings, of: module)
                plan.runs.append((module, settings))
            }
        }
        return plan
    }

    /// Runs the planned probes in turn, each in a helper of its own, or in `helpers`' (the agent's,
    /// kept running between runs).
    public static func run(
        _ plan: Plan, selection: Selection, context: HostContext, helpers: PersistentHelpers? = nil, progress: Progress? = nil
    ) -> Outcome {
        var outcome = Outcome()
        for (module, settings) in plan.runs {
            if ModuleCancellation.isCancelled { break }
            progress?(module.name, settings)
            let start = MonotonicClock.nanoseconds()
            do {
                outcome.reports += try ProbeRunner.run(
                    module, settings: settings, config: selection.config(for: module), context: context, helpers: helpers)
            } catch {
                let invalid = (error as? ModuleCallError)?.status == NETAGENT_INVALID
                outcome.failures.append(FailedProbe(module: module.name, error: "\(error)", isInvalidRequest: invalid))
            }
            outcome.durations[module.name] = Double(MonotonicClock.nanoseconds() - start) / 1e9
        }
        outcome.interrupted = ModuleCancellation.isCancelled
        return outcome
    }
}
