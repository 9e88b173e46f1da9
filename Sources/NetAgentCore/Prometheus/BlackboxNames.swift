/// Which probes blackbox_exporter's metric names fit, so dashboards made for blackbox_exporter
/// work with netagent. A probe not in it (a third party's) gets every `netagent_probe_*` metric and `probe_success`, and its phases
/// become `probe_http_duration_seconds` when it reports curl's request phases (`RequestPhases`).
enum BlackboxNames {
    /// Probes whose samples are ICMP echo round trips: `probe_icmp_duration_seconds{phase="rtt"}`.
    static let icmpEchoProbes: Set<String> = [EchoProbeNames.icmp, EchoProbeNames.loss]
}
