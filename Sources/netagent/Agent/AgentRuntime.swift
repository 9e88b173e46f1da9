import Logging
import NetAgentCore
import NetAgentSystem
import ServiceLifecycle
import UnixSignals

/// What `netagent agent` does between start and stop, as a service of the service group: runs
/// each enabled probe every `probe_interval_s` (the first run of each at a random point of its
/// first period, so probes do not align), compares the knobs every `drift_check_s` and, with
/// `on_drift = "reapply"`, restores drifted ones in a new transaction; reloads the config on
/// SIGHUP; keeps systemd's watchdog fed while its loop runs; and on stop lets running probes
/// end (their helpers get SIGINT, then SIGKILL a second later) and, with `on_stop = "rollback"`,
/// rolls back what it applied.
actor AgentRuntime: Service {
    private var loaded: LoadedConfig
    private let environment: AgentEnvironment
    private let metrics: AgentMetrics
    private let notifier: SystemdNotifier
    private let logger: Logger
    /// Transactions this agent applied, oldest first: what `on_stop = "rollback"` undoes.
    private var applied: [Int]
    /// The probes whose loop is running.
    private var looping: Set<String> = []
    private var nextDriftCheck: Int64
    private var checkingDrift = false
    /// When the scheduler last went round its loop, for the watchdog and /healthz.
    private var lastTick = MonotonicClock.nanoseconds()
    /// Knobs drifted at the last check, to log a change of state once.
    private var drifted: Set<String> = []

    /// The longest the scheduler sleeps before it looks for probes a reload enabled.
    static let tickNS: Int64 = 1_000_000_000

    init(
        loaded: LoadedConfig, applied: [Int], environment: AgentEnvironment, metrics: AgentMetrics, notifier: SystemdNotifier,
        logger: Logger
    ) {
        self.loaded = loaded
        self.applied = applied
        self.environment = environment
        self.metrics = metrics
        self.notifier = notifier
        self.logger = logger
        // The first check at once, so the drift gauges exist from the first scrape.
        nextDriftCheck = MonotonicClock.nanoseconds()
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            // The loops sleep until their next work is due; on shutdown their task is cancelled,
            // which ends every sleep at once (blocking work ends through ModuleCancellation' flag).
            await cancelWhenGracefulShutdown {
                await withDiscardingTaskGroup { group in
                    group.addTask { await self.reloadOnHangup() }
                    group.addTask { await self.feedWatchdog() }
                    await self.schedule()
                    group.cancelAll()
                }
            }
        } onGracefulShutdown: { [notifier] in
            notifier.stopping()
            ModuleCancellation.requestCancellation()
        }
        await stop()
    }

    /// True while the scheduler's loop is alive: what /healthz and the watchdog report.
    func isHealthy() -> Bool {
        !ModuleCancellation.isCancelled && MonotonicClock.nanoseconds() - lastTick < 3 * Self.tickNS
    }

    /// A line for `systemctl status`.
    private func status() -> String {
        let probes = loaded.probes.runs.map(\.module.name).joined(separator: ", ")
        return
            "probing \(probes.isEmpty ? "nothing" : probes); \(drifted.count) knob(s) drifted; last transaction \(applied.last.map(String.init) ?? "none")"
    }

    // MARK: The loops

    /// Keeps one loop running per enabled probe and starts the drift check when it is due, until
    /// stopped; then waits for what is running.
    private func schedule() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let now = MonotonicClock.nanoseconds()
                lastTick = now
                for (module, _) in loaded.probes.runs where !looping.contains(module.name) {
                    looping.insert(module.name)
                    group.addTask { await self.probeLoop(module.name) }
                }
                if now >= nextDriftCheck && !checkingDrift {
                    checkingDrift = true
                    nextDriftCheck = now + Int64(loaded.settings.driftCheckS) * 1_000_000_000
                    group.addTask { await self.checkDrift() }
                }
                try? await Task.sleep(for: .nanoseconds(min(max(nextDriftCheck - now, 1_000_000), Self.tickNS)))
            }
        }
    }

    /// Runs probe `name` every period until it is no longer enabled (a reload) or the agent
    /// stops: the first run at a random point of the first period, so probes do not align, the
    /// next a period after the last was due, give or take 5 % (never sooner than half a period
    /// after this one started). A run that outlasts its period delays the next; none overlap.
    private func probeLoop(_ name: String) async {
        defer { looping.remove(name) }
        var due: Int64?
        while !Task.isCancelled {
            guard let (module, settings) = loaded.probes.runs.first(where: { $0.module.name == name }) else { return }
            let period = Int64((settings.probeIntervalS ?? loaded.settings.probeIntervalS) * 1e9)
            let now = MonotonicClock.nanoseconds()
            let next = due ?? now + Int64.random(in: 0..<period)
            due = next
            guard next <= now else {
                try? await Task.sleep(for: .nanoseconds(next - now))
                continue
            }
            let jitter = Int64.random(in: -(period / 20)...(period / 20))
            due = max(next + period + jitter, now + period / 2)
            await probe(module, settings)
        }
    }

    /// Reloads the config at each SIGHUP until stopped.
    private func reloadOnHangup() async {
        for await _ in await UnixSignalsSequence(trapping: .sighup) { await reload() }
    }

    /// Sends `WATCHDOG=1` every half `WatchdogSec` while the scheduler goes round.
    private func feedWatchdog() async {
        guard let interval = notifier.watchdogIntervalNS else { return }
        while !Task.isCancelled {
            if isHealthy() { notifier.watchdog() }
            try? await Task.sleep(for: .nanoseconds(interval))
        }
    }

    // MARK: The work

    /// Runs one probe and records what it measured.
    private func probe(_ module: AvailableModule, _ settings: ProbeSettings) async {
        let plan = loaded.probes.only(module.name)
        let selection = loaded.selection
        let context = environment.context
        let outcome = try? await Blocking.run { ProbeBatch.run(plan, selection: selection, context: context) }
        // A run cut short by the stop is not a measurement.
        guard let outcome, !ModuleCancellation.isCancelled else { return }
        metrics.recordProbe(module.name, targets: settings.targets, outcome: outcome)
        for failure in outcome.failures { logger.warning("probe \(failure.module) failed: \(failure.error)") }
    }

    /// Compares every knob with its desired value; reapplies drifted ones when configured to.
    private func checkDrift() async {
        defer { checkingDrift = false }
        let selection = loaded.selection
        let environment = environment
        /// "module key" of each drifted knob.
        func driftedKnobs(_ result: StatusResult) -> Set<String> {
            Set(result.knobs.filter { $0.status == .drifted }.map { "\($0.module) \($0.key)" })
        }
        do {
            let result = try await Blocking.run { try environment.status(selection) }
            metrics.recordDrift(result.knobs)
            let now = driftedKnobs(result)
            for knob in result.knobs where knob.status == .drifted && !drifted.contains("\(knob.module) \(knob.key)") {
                logger.warning("drift: \(knob.module) \(knob.key) is \(knob.current ?? "absent"), the selection wants \(knob.desired)")
            }
            for knob in drifted.subtracting(now) { logger.notice("drift: \(knob) is as the selection wants again") }
            drifted = now
            if !now.isEmpty && loaded.settings.onDrift == .reapply && !ModuleCancellation.isCancelled {
                await apply(reason: "drift")
                let after = try await Blocking.run { try environment.status(selection) }
                metrics.recordDrift(after.knobs)
                drifted = driftedKnobs(after)
            }
            notifier.status(status())
        } catch {
            logger.error("drift check failed: \(error)")
        }
    }

    /// Applies the selection in force as a new transaction (only what differs changes), counts
    /// it, and prunes the journal.
    private func apply(reason: String) async {
        let selection = loaded.selection
        let environment = environment
        let keep = loaded.settings.journalKeep
        do {
            let result = try await Blocking.run { try environment.apply(selection) }
            if case .transactionFailed(let failure) = result.verdict {
                metrics.recordTransaction("failed", id: result.transaction?.id)
                logger.error("\(reason): the transaction failed and was restored: \(failure)")
                return
            }
            guard let entry = result.transaction else { return }
            applied.append(entry.id)
            metrics.recordTransaction("applied", id: entry.id)
            logger.notice("\(reason): applied transaction \(entry.id), \(entry.changes.count) knob(s) changed")
            let pruned = try await Blocking.run { try environment.pruneJournal(keep: keep) }
            if !pruned.isEmpty { logger.info("journal: pruned \(pruned.count) old entries") }
        } catch {
            metrics.recordTransaction("failed", id: nil)
            logger.error("\(reason): could not apply: \(error)")
        }
    }

    /// Reads the config again; a config that does not load or check is logged and the old one kept.
    private func reload() async {
        notifier.reloading()
        let environment = environment
        let previous = loaded
        do {
            let next = try await Blocking.run { try environment.load() }
            let (old, new) = (previous.settings, next.settings)
            if new.listenHost != old.listenHost || new.listenPort != old.listenPort || new.httpIdleTimeoutS != old.httpIdleTimeoutS
                || new.httpMaxConnections != old.httpMaxConnections
            {
                logger.warning("reload: [agent] listen or http_* changed; it takes effect when the agent restarts")
            }
            loaded = next
            metrics.keepProbes(Set(next.probes.runs.map(\.module.name)))
            metrics.recordReload(success: true)
            logger.notice("reload: \(next.config.path ?? "no config file") loaded")
            await apply(reason: "reload")
        } catch {
            metrics.recordReload(success: false)
            logger.error("reload: \(error); keeping the previous config")
        }
        notifier.ready(status: status())
    }

    /// After the loops ended: ends the probes' helpers and, with `on_stop = "rollback"`, rolls
    /// back what this agent applied, newest first.
    private func stop() async {
        let helpers = environment.context.persistentHelpers
        _ = try? await Blocking.run { helpers?.closeAll() }
        guard loaded.settings.onStop == .rollback else { return logger.notice("stopped; the tuning stays in place") }
        let environment = environment
        for id in applied.reversed() {
            do {
                let entries = try await Blocking.run { try environment.rollback(id) }
                for entry in entries { metrics.recordTransaction("rolled-back", id: entry.id) }
                logger.notice("stop: rolled back transaction \(id)")
            } catch {
                logger.error("stop: could not roll back transaction \(id): \(error)")
            }
        }
    }
}
