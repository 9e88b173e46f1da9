/// The names of the bundled probes whose samples are ICMP echo round trips, declared once for
/// the modules and for the host, whose output treats them as echo probes (blackbox_exporter's
/// `probe_icmp_duration_seconds`, the loss table).
public enum EchoProbeNames {
    /// The latency probe: ping's numbers.
    public static let icmp = "icmp"
    /// The loss probe: many echoes, for loss and its bursts.
    public static let loss = "loss"
}
