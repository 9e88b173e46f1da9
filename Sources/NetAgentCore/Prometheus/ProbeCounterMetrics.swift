import Prometheus

/// A probe's `counters` as metric families, one family per unit and meaning (rather than one
/// family mixing counts, bit rates and durations): counts become `_total` counters that add up
/// across runs, rates and durations gauges in base units, and the HTTP facts blackbox_exporter
/// reports keep its names (`probe_http_status_code`, `probe_http_version`,
/// `probe_ssl_earliest_cert_expiry`). A counter netagent does not know (a third-party
/// module's) is a count in `netagent_probe_module_events_total{name}`.
enum ProbeCounterMetrics {
    static func record(_ counters: [String: Int], labels: [(String, String)], into registry: PrometheusCollectorRegistry) {
        func gauge(_ name: String, _ help: String, _ extra: [(String, String)] = []) -> Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels + extra)
        }
        func counter(_ name: String, _ help: String, _ extra: [(String, String)] = []) -> Counter {
            registry.makeCounter(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels + extra)
        }
        var statuses: [(code: Int, count: Int)] = []
        var versions: [(version: Int, count: Int)] = []
        for (name, value) in counters.sorted(by: { $0.key < $1.key }) {
            switch name {
            case _ where ReplyEvents.all.contains(name) || name == ReplyEvents.loadedDuplicates:
                let kind = name == ReplyEvents.loadedDuplicates ? ReplyEvents.duplicates : name
                counter(
                    "netagent_probe_replies_total", "replies that did not count as answers: duplicate, late, corrupt or reordered",
                    [("kind", kind)]
                )
                .increment(by: Int64(value))
            case ProbeCounters.bytes:
                counter("netagent_probe_http_received_bytes_total", "body bytes received").increment(by: Int64(value))
            case ProbeCounters.tlsCertificateExpiry:
                gauge("probe_ssl_earliest_cert_expiry", "earliest expiry of the server's certificate chain, Unix seconds").set(
                    to: Double(value))
            case ProbeCounters.goodputUp, ProbeCounters.goodputDown:
                gauge(
                    "netagent_probe_goodput_bits_per_second", "goodput of the load flows",
                    [("direction", name == ProbeCounters.goodputUp ? "up" : "down")]
                )
                .set(to: Double(value))
            case ProbeCounters.retransmits:
                counter("netagent_probe_tcp_retransmits_total", "TCP retransmissions of the load flows").increment(by: Int64(value))
            case ProbeCounters.idleRTTMedian:
                gauge("netagent_probe_idle_rtt_p50_seconds", "median RTT before the load started").set(to: Double(value) / 1e9)
            case ProbeCounters.rampUp:
                gauge("netagent_probe_rampup_seconds", "time the load took to reach a stable rate").set(to: Double(value) / 1e3)
            case _ where name.hasPrefix(ProbeCounters.statusPrefix):
                guard let code = Int(name.dropFirst(ProbeCounters.statusPrefix.count)) else { fallthrough }
                statuses.append((code, value))
                counter("netagent_probe_http_responses_total", "HTTP responses by status code", [("code", String(code))])
                    .increment(by: Int64(value))
            case _ where name.hasPrefix(ProbeCounters.httpVersionPrefix):
                guard let version = Int(name.dropFirst(ProbeCounters.httpVersionPrefix.count)) else { fallthrough }
                versions.append((version, value))
            default:
                counter(
                    "netagent_probe_module_events_total", "events a probe module counted, by the module's name for them", [("name", name)]
                )
                .increment(by: Int64(value))
            }
        }
        if let status = statuses.max(by: { ($0.count, $0.code) < ($1.count, $1.code) }) {
            gauge("probe_http_status_code", "HTTP status code of most of the run's responses").set(to: Double(status.code))
        }
        if let version = versions.max(by: { ($0.count, $0.version) < ($1.count, $1.version) }) {
            // curl's 10 and 11 are HTTP/1.0 and 1.1; 2 and 3 are themselves.
            let number = version.version >= 10 ? Double(version.version) / 10 : Double(version.version)
            gauge("probe_http_version", "HTTP version of most of the run's responses").set(to: number)
        }
    }
}
