import FoundationEssentials

/// The parts of iperf3's JSON report the probe uses: goodput each second (to find where the
/// ramp-up ends) and at the end per direction, and the sender's retransmits.
struct IperfReport: Decodable {
    /// One direction's totals, or one second's.
    struct Sum: Decodable {
        let end: Double?
        let bitsPerSecond: Double
        let retransmits: Int?

        enum CodingKeys: String, CodingKey {
            case end, retransmits
            case bitsPerSecond = "bits_per_second"
        }
    }

    /// One second of the test: the flows' sum, and the reverse direction's when both ran.
    struct Interval: Decodable {
        let sum: Sum
        let sumBidirReverse: Sum?

        enum CodingKeys: String, CodingKey {
            case sum
            case sumBidirReverse = "sum_bidir_reverse"
        }

        /// Goodput of this second, both directions together.
        var bitsPerSecond: Double { sum.bitsPerSecond + (sumBidirReverse?.bitsPerSecond ?? 0) }
    }

    /// The totals at the end.
    struct End: Decodable {
        let sumSent: Sum?
        let sumReceived: Sum?
        let sumReceivedBidirReverse: Sum?

        enum CodingKeys: String, CodingKey {
            case sumSent = "sum_sent"
            case sumReceived = "sum_received"
            case sumReceivedBidirReverse = "sum_received_bidir_reverse"
        }
    }

    let intervals: [Interval]?
    let end: End?
    let error: String?

    /// Seconds from the start of the flows until goodput is stable: the end of the first second,
    /// after the first, whose goodput is within 10 % of the second before it. Nil when it never is.
    var stableAfterSeconds: Double? {
        let seconds = intervals ?? []
        guard seconds.count >= 2 else { return nil }
        for index in 1..<seconds.count {
            let previous = seconds[index - 1].bitsPerSecond
            if previous > 0 && abs(seconds[index].bitsPerSecond - previous) <= 0.1 * previous {
                return seconds[index].sum.end ?? Double(index + 1)
            }
        }
        return nil
    }

    static func decode(_ json: String) throws -> IperfReport {
        try JSONDecoder().decode(IperfReport.self, from: Data(json.utf8))
    }
}
