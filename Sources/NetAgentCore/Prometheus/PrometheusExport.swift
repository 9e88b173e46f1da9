import NetAgentSystem
import Prometheus

/// Probe results in the Prometheus text exposition format, for node_exporter's textfile
/// collector (`--prometheus FILE`) and scraping.
///
/// Names follow blackbox_exporter where they overlap: `probe_success`, `probe_duration_seconds`
/// (how long the probe's run took), `probe_icmp_duration_seconds{phase="rtt"}` and
/// `probe_http_duration_seconds{phase=resolve|connect|tls|processing|transfer}` (each phase's
/// own median duration, as blackbox splits them). A call the voice probe rated is
/// `netagent_voice_*` (MOS, R, jitter, BurstR, one-way delay). Everything else is `netagent_probe_*`, with
/// the unit in the name; the RTT is also a histogram of every raw sample, so hosts can be
/// aggregated in Prometheus.
public enum PrometheusExport {
    /// Bucket bounds of `netagent_probe_rtt_seconds`, 50 µs to 5 s.
    static let rttBuckets = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    /// The exposition of `reports`, one piece per group of targets (`ExpositionText.merged`
    /// joins them); `durations` is each module's run time in seconds.
    ///
    /// The pieces are made once, so the series need not outlive them: the targets are recorded
    /// a registry's worth at a time, each group emitted and let go before the next, and only one
    /// group's series are held at once (at 16 384 targets all of them took most of the memory).
    /// The reports of one module and target stay in one group, as they would share a registry.
    static func expositions(_ reports: [TargetReport], durations: [String: Double]) -> [[UInt8]] {
        var reportsByTarget: [String: [TargetReport]] = [:]
        var targets: [String] = []
        for report in reports {
            let key = report.module + "\u{0}" + report.target
            if reportsByTarget[key] == nil { targets.append(key) }
            reportsByTarget[key, default: []].append(report)
        }
        var expositions: [[UInt8]] = []
        for start in stride(from: 0, to: targets.count, by: TargetRegistries.targetsPerRegistry) {
            let group = targets[start..<min(start + TargetRegistries.targetsPerRegistry, targets.count)]
            let registries = TargetRegistries()
            record(group.flatMap { reportsByTarget[$0]! }, durations: durations, into: registries)
            expositions += registries.emit()
        }
        return expositions
    }

    /// Records `reports` into each target's registry: gauges are set to this run's values, while
    /// the sent and lost counters and the RTT histogram add this run's attempts to what is
    /// there, so registries that live across runs (the agent's) export them cumulatively.
    static func record(_ reports: [TargetReport], durations: [String: Double], into registries: TargetRegistries) {
        for report in reports {
            let registry = registries.registry(module: report.module, target: report.target)
            /// A gauge with its name's unit split off, as swift-prometheus describes metrics.
            func gauge(_ name: String, _ unit: String, _ help: String, _ labels: [(String, String)]) -> Gauge {
                registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: unit, helpText: help), labels: labels)
            }
            func counter(_ name: String, _ help: String, _ labels: [(String, String)]) -> Counter {
                registry.makeCounter(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
            }
            let labels = [("module", report.module), ("target", report.target)]
            let stats = report.statistics
            gauge("probe_success", "", "1 when at least one attempt got an answer", labels).set(to: stats.received > 0 ? 1 : 0)
            if let duration = durations[report.module] {
                gauge("probe_duration", "seconds", "how long the probe's run took", labels).set(to: duration)
            }
            let histogram = registry.makeValueHistogram(
                descriptor: MetricNameDescriptor(
                    metricName: "netagent_probe_rtt", unitName: "seconds", helpText: "round-trip time of every answered attempt"),
                labels: labels, buckets: rttBuckets)
            for sample in report.samplesNS.compactMap({ $0 }) { histogram.record(Double(sample) / 1e9) }
            counter("netagent_probe_sent_total", "attempts made", labels).increment(by: Int64(stats.sent))
            counter("netagent_probe_lost_total", "attempts that got no answer in time", labels).increment(
                by: Int64(stats.sent - stats.received))
            let gauges: [(String, String, String, Double?)] = [
                ("netagent_probe_loss", "ratio", "lost attempts as a fraction of attempts", stats.lossPercent.map { $0 / 100 }),
                ("netagent_probe_rtt_p50", "seconds", "median RTT", seconds(stats.p50MS)),
                ("netagent_probe_rtt_p90", "seconds", "90th percentile RTT (nearest rank)", seconds(stats.p90MS)),
                ("netagent_probe_rtt_p99", "seconds", "99th percentile RTT (nearest rank)", seconds(stats.p99MS)),
                ("netagent_probe_rtt_mdev", "seconds", "population standard deviation of the RTT, as ping's mdev", seconds(stats.mdevMS)),
                ("netagent_probe_jitter", "seconds", "RFC 3550 interarrival jitter of the RTT", seconds(stats.jitterMS)),
                ("netagent_probe_loss_burst_max", "", "longest run of consecutive lost attempts", Double(report.lossBursts.max)),
            ]
            for (name, unit, help, value) in gauges {
                if let value { gauge(name, unit, help, labels).set(to: value) }
            }
            ProbeCounterMetrics.record(report.counters ?? [:], labels: labels, into: registry)
            if BlackboxNames.icmpEchoProbes.contains(report.module), let median = seconds(stats.p50MS) {
                gauge("probe_icmp_duration", "seconds", "median ICMP round trip", labels + [("phase", "rtt")]).set(to: median)
            }
            if let voice = report.voice {
                let voiceGauges: [(String, String, String, Double)] = [
                    (
                        "netagent_voice_mos", "", "estimated mean opinion score of a call over the path (ITU-T G.107 E-model), 1 to 4.5",
                        voice.mos
                    ),
                    ("netagent_voice_r", "", "E-model transmission rating R of a call over the path, 0 to 100", voice.r),
                    (
                        "netagent_voice_jitter", "seconds", "RFC 3550 interarrival jitter of the call's packets",
                        seconds(voice.jitterMS) ?? 0
                    ),
                    ("netagent_voice_burst", "ratio", "BurstR of the call's packet loss: 1 random, above 1 bursty", voice.burstR),
                    (
                        "netagent_voice_one_way_delay", "seconds", "one-way mouth-to-ear delay the rating assumes",
                        seconds(voice.oneWayDelayMS) ?? 0
                    ),
                ]
                for (name, unit, help, value) in voiceGauges {
                    gauge(name, unit, help, labels + [("codec", voice.codec)]).set(to: value)
                }
            }
            for (phase, value) in httpPhases(report.phases ?? [:]) {
                gauge(
                    "probe_http_duration", "seconds", "median duration of each HTTP phase, as blackbox_exporter splits them",
                    labels + [("phase", phase)]
                ).set(to: value)
            }
        }
    }

    /// blackbox_exporter's HTTP phases from curl's cumulative medians.
    static func httpPhases(_ phases: [String: SampleStatistics]) -> [(String, Double)] {
        func median(_ name: String) -> Double? { seconds(phases[name]?.p50MS) }
        guard let dns = median(RequestPhases.dns), let connect = median(RequestPhases.connect),
            let ttfb = median(RequestPhases.firstByte), let total = median(RequestPhases.total)
        else { return [] }
        let tls = median(RequestPhases.tls)
        return [
            ("resolve", dns), ("connect", max(0, connect - dns)), ("tls", tls.map { max(0, $0 - connect) } ?? 0),
            ("processing", max(0, ttfb - (tls ?? connect))), ("transfer", max(0, total - ttfb)),
        ]
    }

    /// Milliseconds as seconds, rounded to the nanosecond the samples were taken in: a
    /// percentile is one sample, so it comes out as the exact decimal, not 0.040036521835000005.
    private static func seconds(_ milliseconds: Double?) -> Double? {
        milliseconds.map { ($0 * 1e6).rounded() / 1e9 }
    }

    /// Writes the exposition of `reports` to `path` atomically (temporary file and rename),
    /// mode 0644, as the textfile collector needs: it must never read a half-written file. The
    /// merged text goes to the file as it is made, never whole in memory beside its pieces.
    public static func write(_ reports: [TargetReport], durations: [String: Double], to path: String) throws {
        let pieces = expositions(reports, durations: durations)
        try TextFile.writeDurably(path, mode: 0o644) { (file: inout DurableFile.Writer) throws(SystemCallError) in
            try ExpositionText.forEachMergedLine(pieces) { (line) throws(SystemCallError) in
                try file.append(line)
                try file.append(CollectionOfOne(UInt8(ascii: "\n")))
            }
        }
    }
}
