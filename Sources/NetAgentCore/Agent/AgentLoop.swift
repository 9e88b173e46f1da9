import Logging

/// The agent's policy between start and stop: runs each scheduled probe on its `ProbeCadence`,
/// compares the knobs every `drift_check_s` and, with `on_drift = "reapply"`, restores drifted
/// ones in a new transaction (at most one per check); reloads on request; and on stop, with
/// `on_stop = "rollback"`, rolls back what it applied, newest first. It takes its clock, its
/// operations and its metrics sink as parameters; the command wires it to HTTP, signals and
/// systemd, and tests drive it with a clock and operations of their own.
public actor AgentLoop<Operations: AgentOperations, Clock: AgentClock, Metrics: AgentMetricsSink> {
    var config: Operations.Config
    let operations: Operations
    let clock: Clock
    let metrics: Metrics
    let notifier: SystemdNotifier
    let logger: Logger
    private var random: any RandomNumberGenerator
    /// Transactions this agent applied, oldest first: what `on_stop = "rollback"` undoes.
    public internal(set) var applied: [Int]
    /// The probes whose loop is running.
    public private(set) var looping: Set<String> = []
    private var nextDriftCheck: Int64
    var checkingDrift = false
    private var scheduling = false
    /// When the scheduler last went round its loop, for the watchdog and /healthz.
    private var lastTick: Int64
    /// "module key" of the knobs drifted at the last check, to log a change of state once.
    var drifted: Set<String> = []

    /// The longest the scheduler sleeps before it looks for probes a reload enabled.
    public static var tickNS: Int64 { 1_000_000_000 }

    /// A loop for `config`, whose start applied the transactions `applied`.
    public init(
        config: Operations.Config, applied: [Int], operations: Operations, clock: Clock, metrics: Metrics,
        notifier: SystemdNotifier = SystemdNotifier(), logger: Logger,
        random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) {
        self.config = config
        self.applied = applied
        self.operations = operations
        self.clock = clock
        self.metrics = metrics
        self.notifier = notifier
        self.logger = logger
        self.random = random
        lastTick = clock.now()
        // The first check at once, so the drift gauges exist from the first scrape.
        nextDriftCheck = lastTick
    }

    /// Schedules until the calling task is cancelled, waits for the probe runs and the drift
    /// check under way (a transaction is never cut short), then stops.
    public func run() async {
        await schedule()
        await stop()
    }

    /// True while the scheduler's loop is alive and no stop was asked for: what /healthz and
    /// the watchdog report.
    public func isHealthy() -> Bool {
        scheduling && !ModuleCancellation.isCancelled && clock.now() - lastTick < 3 * Self.tickNS
    }

    /// A line for `systemctl status`.
    func statusLine() -> String {
        let probes = config.scheduledProbes.map(\.name).joined(separator: ", ")
        return
            "probing \(probes.isEmpty ? "nothing" : probes); \(drifted.count) knob(s) drifted; last transaction \(applied.last.map(String.init) ?? "none")"
    }

    /// Keeps one loop running per scheduled probe and starts the drift check when it is due,
    /// until cancelled; then waits for what is running.
    func schedule() async {
        scheduling = true
        defer { scheduling = false }
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let now = clock.now()
                lastTick = now
                for probe in config.scheduledProbes where !looping.contains(probe.name) {
                    looping.insert(probe.name)
                    group.addTask { await self.probeLoop(probe.name) }
                }
                if now >= nextDriftCheck && !checkingDrift {
                    checkingDrift = true
                    nextDriftCheck = now + Int64(config.settings.driftCheckS) * 1_000_000_000
                    group.addTask { await self.checkDrift() }
                }
                await clock.sleep(until: now + min(max(nextDriftCheck - now, 1_000_000), Self.tickNS))
            }
        }
    }

    /// Runs probe `name` on its cadence until a reload disables it or the task is cancelled.
    func probeLoop(_ name: String) async {
        defer { looping.remove(name) }
        var cadence = ProbeCadence()
        while !Task.isCancelled {
            guard let probe = config.scheduledProbes.first(where: { $0.name == name }) else { return }
            let now = clock.now()
            let due = cadence.nextRun(now: now, period: probe.periodNS, using: &random)
            guard due <= now else {
                await clock.sleep(until: due)
                continue
            }
            cadence.start(now: now, period: probe.periodNS, using: &random)
            await run(probe)
        }
    }

    /// Runs one probe and records what it measured; a run cut short by the stop is not a measurement.
    private func run(_ probe: ScheduledProbe) async {
        let (operations, config) = (operations, config)
        let outcome = await Blocking.run { operations.probe(probe.name, in: config) }
        guard !Task.isCancelled else { return }
        metrics.recordProbe(probe.name, targets: probe.targets, outcome: outcome)
        for failure in outcome.failures { logger.warning("probe \(failure.module) failed: \(failure.error)") }
    }

    /// After the loops ended: ends the probes' helpers and, with `on_stop = "rollback"`, rolls
    /// back what this agent applied, newest first.
    func stop() async {
        let operations = operations
        await Blocking.run { operations.endHelpers() }
        guard config.settings.onStop == .rollback else { return logger.notice("stopped; the tuning stays in place") }
        for id in applied.reversed() {
            do {
                let entries = try await Blocking.run { try operations.rollback(id) }
                for entry in entries { metrics.recordTransaction("rolled-back", id: entry) }
                logger.notice("stop: rolled back transaction \(id)")
            } catch {
                logger.error("stop: could not roll back transaction \(id): \(error)")
            }
        }
    }
}
