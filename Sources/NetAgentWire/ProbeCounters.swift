/// The names of the `counters` the bundled probes report beside their samples (HTTP and load
/// facts), declared once for the probes that count them and the host that exports and prints
/// them, like the phases in `RequestPhases` and the reply events in `ReplyEvents`. A third
/// party's probe may count under any other name.
public enum ProbeCounters {
    /// Response body bytes received (http).
    public static let bytes = "bytes"
    /// The earliest expiry of the server's certificate chain, Unix seconds (http over TLS).
    public static let tlsCertificateExpiry = "tls_cert_expiry_unix"
    /// Responses with status code N: the prefix, then N (http).
    public static let statusPrefix = "status_"
    /// Responses over HTTP version N (10, 11, 20, 30): the prefix, then N (http).
    public static let httpVersionPrefix = "http_version_"
    /// Goodput of the upload load flows, bits per second (responsiveness).
    public static let goodputUp = "goodput_up_bps"
    /// Goodput of the download load flows, bits per second (responsiveness).
    public static let goodputDown = "goodput_down_bps"
    /// TCP retransmissions of the load flows (responsiveness).
    public static let retransmits = "retransmits"
    /// The median round trip before the load started, nanoseconds (responsiveness).
    public static let idleRTTMedian = "idle_rtt_p50_ns"
    /// How long the load took to reach a stable rate, milliseconds (responsiveness).
    public static let rampUp = "rampup_ms"

    /// The counter of responses with `status`.
    public static func status(_ code: Int) -> String { statusPrefix + String(code) }
    /// The counter of responses over HTTP `version` (10, 11, 20, 30).
    public static func httpVersion(_ version: Int) -> String { httpVersionPrefix + String(version) }
}
