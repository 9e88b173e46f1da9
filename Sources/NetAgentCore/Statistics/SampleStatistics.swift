/// Statistics of one target's raw samples, computed by the host so every probe agrees.
///
/// - `mdev` is the population standard deviation, as iputils `ping` prints it.
/// - Percentiles use the nearest-rank method: the smallest sample with at least p % of samples at or below it.
/// - `jitter` is RFC 3550's interarrival jitter applied to consecutive received RTTs:
///   J += (|D| - J) / 16, D being the difference between successive RTTs.
/// - `rpm` is round trips per minute as the IETF responsiveness method defines it: 60 000 divided
///   by the mean RTT in ms after the slowest 5 % of samples are trimmed. Meant for RTTs measured
///   under working conditions (the responsiveness probe); higher is better.
/// - Lost attempts count only in `loss`; no received sample means no statistic (nil), never 0.
public struct SampleStatistics: Codable, Sendable, Equatable {
    public let sent: Int
    public let received: Int
    /// Lost attempts as a percentage of sent; nil when nothing was sent.
    public let lossPercent: Double?
    public let minMS: Double?
    public let avgMS: Double?
    public let maxMS: Double?
    public let mdevMS: Double?
    public let p50MS: Double?
    public let p90MS: Double?
    public let p99MS: Double?
    /// Needs at least two received samples.
    public let jitterMS: Double?
    /// Round trips per minute: 60 000 / the mean RTT in ms with the slowest 5 % trimmed.
    public let rpm: Double?

    enum CodingKeys: String, CodingKey {
        case sent, received
        case lossPercent = "loss_percent"
        case minMS = "min_ms"
        case avgMS = "avg_ms"
        case maxMS = "max_ms"
        case mdevMS = "mdev_ms"
        case p50MS = "p50_ms"
        case p90MS = "p90_ms"
        case p99MS = "p99_ms"
        case jitterMS = "jitter_ms"
        case rpm
    }

    /// Computes every statistic from samples in nanoseconds (nil = lost).
    public init(samplesNS: [Int64?]) {
        let values = samplesNS.compactMap { $0 }.map(Double.init)
        let toMS = { (nanoseconds: Double) in nanoseconds / 1_000_000 }
        sent = samplesNS.count
        received = values.count
        lossPercent = sent == 0 ? nil : Double(sent - received) * 100 / Double(sent)
        guard !values.isEmpty else {
            (minMS, avgMS, maxMS, mdevMS, p50MS, p90MS, p99MS, jitterMS, rpm) = (nil, nil, nil, nil, nil, nil, nil, nil, nil)
            return
        }
        let sorted = values.sorted()
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        minMS = toMS(sorted.first!)
        maxMS = toMS(sorted.last!)
        avgMS = toMS(mean)
        mdevMS = toMS(variance.squareRoot())
        p50MS = toMS(Self.percentile(50, of: sorted))
        p90MS = toMS(Self.percentile(90, of: sorted))
        p99MS = toMS(Self.percentile(99, of: sorted))
        jitterMS = values.count < 2 ? nil : toMS(Self.rfc3550Jitter(values))
        let kept = sorted.prefix(sorted.count - sorted.count / 20)
        let trimmedMeanMS = toMS(kept.reduce(0, +) / Double(kept.count))
        rpm = trimmedMeanMS > 0 ? 60_000 / trimmedMeanMS : nil
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ percent: Double, of sorted: [Double]) -> Double {
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(rank, 1) - 1]
    }

    /// RFC 3550 section 6.4.1's running estimate over successive values.
    static func rfc3550Jitter(_ values: [Double]) -> Double {
        var jitter = 0.0
        for (previous, next) in zip(values, values.dropFirst()) {
            jitter += (abs(next - previous) - jitter) / 16
        }
        return jitter
    }
}
