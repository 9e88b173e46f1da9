import Prometheus
import Synchronization

/// What `netagent agent` exports on `/metrics`: each probe's results (gauges of its last run,
/// counters and RTT histograms cumulative since the agent started or the probe's targets last
/// changed), the knobs' drift, the transactions, the modules and the build.
///
/// Each probe records into registries of its own (`TargetRegistries`), replaced when its
/// targets change, so a target removed by a reload leaves no stale series behind.
public final class AgentMetrics: Sendable {
    /// The agent's own families: drift, transactions, modules, build, reloads, refused connections.
    private let agent: PrometheusCollectorRegistry
    /// Each probe's registries and the targets they were made for.
    private let probes = Mutex<[String: (targets: [String], registries: TargetRegistries)]>([:])
    /// The drift gauges set by the last check, to remove those of knobs no longer enabled.
    private let driftGauges = Mutex<[String: Gauge]>([:])

    /// HTTP connections closed as soon as accepted: exported from the start, at 0.
    private let refusedConnections: Counter

    public init(version: String, modules: [AvailableModule]) {
        agent = PrometheusCollectorRegistry()
        refusedConnections = agent.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "netagent_http_connections_refused_total", unitName: "",
                helpText: "HTTP connections closed as soon as accepted, http_max_connections being open"))
        agent.makeGauge(
            descriptor: MetricNameDescriptor(metricName: "netagent_build_info", unitName: "", helpText: "always 1; the version in a label"),
            labels: [("version", version)]
        ).set(to: 1)
        for module in modules {
            agent.makeGauge(
                descriptor: MetricNameDescriptor(
                    metricName: "netagent_module_info", unitName: "", helpText: "always 1 for each module loaded"),
                labels: [("name", module.name), ("kind", module.kind.rawValue), ("version", module.version), ("abi", "1")]
            ).set(to: 1)
        }
    }

    /// Records one run of `module` against `targets`.
    public func recordProbe(_ module: String, targets: [String], outcome: ProbeBatch.Outcome) {
        let registries = probes.withLock { probes in
            if let existing = probes[module], existing.targets == targets { return existing.registries }
            let fresh = TargetRegistries()
            probes[module] = (targets, fresh)
            return fresh
        }
        PrometheusExport.record(outcome.reports, durations: outcome.durations, into: registries)
        registries.registry(module: module).makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "netagent_probe_run_failed", unitName: "",
                helpText: "1 when the probe's last run failed (crashed, hung, refused answer)"),
            labels: [("module", module)]
        ).set(to: outcome.failures.isEmpty ? 0 : 1)
    }

    /// Drops the series of probes no longer enabled.
    public func keepProbes(_ modules: Set<String>) {
        probes.withLock { probes in probes = probes.filter { modules.contains($0.key) } }
    }

    /// Sets `netagent_knob_drifted` for every knob the last check compared (1 drifted, 0 not).
    public func recordDrift(_ knobs: [StatusResult.Knob]) {
        driftGauges.withLock { gauges in
            var seen: [String: Gauge] = [:]
            for knob in knobs where knob.status != .unsupported {
                let gauge = agent.makeGauge(
                    descriptor: MetricNameDescriptor(
                        metricName: "netagent_knob_drifted", unitName: "",
                        helpText: "1 while the knob's value differs from what netagent applied"),
                    labels: [("module", knob.module), ("knob", knob.key)])
                gauge.set(to: knob.status == .drifted ? 1 : 0)
                seen[knob.module + "\u{0}" + knob.key] = gauge
            }
            for (key, gauge) in gauges where seen[key] == nil { agent.unregisterGauge(gauge) }
            gauges = seen
        }
    }

    /// Counts a transaction the agent ran, by what became of it ("applied", "failed", "rolled-back").
    public func recordTransaction(_ outcome: String, id: Int?) {
        agent.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "netagent_transactions_total", unitName: "", helpText: "transactions the agent ran, by outcome"),
            labels: [("outcome", outcome)]
        ).increment()
        if let id, outcome == "applied" {
            agent.makeGauge(
                descriptor: MetricNameDescriptor(
                    metricName: "netagent_transaction_last_applied_id", unitName: "", helpText: "journal id of the last transaction applied"
                )
            ).set(to: Double(id))
        }
    }

    /// Counts a config reload by result ("success" or "failure").
    public func recordReload(success: Bool) {
        agent.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "netagent_config_reloads_total", unitName: "", helpText: "SIGHUP reloads, by result"),
            labels: [("result", success ? "success" : "failure")]
        ).increment()
    }

    /// Counts an HTTP connection closed at once because `http_max_connections` were open.
    public func recordRefusedConnection() { refusedConnections.increment() }

    /// The exposition text as UTF-8, families in a stable order.
    public func exposition() -> [UInt8] {
        let registries = probes.withLock { probes in probes.values.map(\.registries) }
        return ExpositionText.merged([agent.emitToBuffer()] + registries.flatMap { $0.emit() })
    }
}
