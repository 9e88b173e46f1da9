/// The tuning profiles: how far tuners trade memory and throughput for latency. On the wire, the
/// `profile` of a plan request.
public enum Profile: String, Codable, Sendable, CaseIterable {
    /// Smallest buffers and queues: lowest latency, least throughput headroom.
    case aggressive
    /// The default: low latency with room for ordinary bulk traffic.
    case moderate
    /// Closest to the kernel defaults.
    case conservative
}
