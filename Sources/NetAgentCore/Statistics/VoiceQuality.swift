import NetAgentWire

/// What a paced, audio-shaped echo stream says about a call over the path: the network's inputs
/// to the ITU-T G.107 E-model, measured from the per-packet sequence, and the rating they give.
///
/// - Loss bursts: a Gilbert two-state estimate from the sequence, p = P(lost | previous received)
///   and q = P(received | previous lost); BurstR = 1 / (p + q), as G.107 7.5 uses it (1 for
///   random loss, above 1 when losses come in runs).
/// - Jitter: RFC 3550 6.4.1's interarrival jitter on the receive side of the echo. For
///   consecutive received packets i and j, D = (Rj - Ri) - (Sj - Si): the reply spacing minus
///   the send spacing, which is RTTj - RTTi; J += (|D| - J) / 16.
/// - One-way delay: mean RTT / 2, plus the jitter buffer (the call's, or 2 × the 99th percentile
///   of |D| and at least 20 ms), plus packetisation (the frame time) and the codec's look-ahead.
public struct VoiceQuality: Codable, Sendable, Equatable {
    /// What each impairment costs, in R points.
    public struct Impairments: Codable, Sendable, Equatable {
        /// Id: the one-way delay's impairment (echo and absolute delay).
        public let delay: Double
        /// Ie: the codec's own impairment with no loss.
        public let codec: Double
        /// What the loss would cost were it spread at random (BurstR = 1).
        public let loss: Double
        /// What the loss costs beyond that because it came in bursts.
        public let bursts: Double
    }

    public let codec: String
    public let frameMS: Int
    /// Ppl: lost packets as a percentage of sent.
    public let lossPercent: Double
    /// P(lost | previous received).
    public let gilbertP: Double
    /// P(received | previous lost); 1 when no lost packet had a successor.
    public let gilbertQ: Double
    public let burstR: Double
    /// RFC 3550 interarrival jitter, 0 with fewer than two replies.
    public let jitterMS: Double
    /// 99th percentile (nearest rank) of |D| between consecutive replies.
    public let jitterP99MS: Double
    public let jitterBufferMS: Double
    /// The mouth-to-ear delay the rating uses: RTT / 2 + jitter buffer + frame + look-ahead.
    public let oneWayDelayMS: Double
    /// The transmission rating R, 0 to 100.
    public let r: Double
    /// The estimated mean opinion score, 1 to 4.5.
    public let mos: Double
    public let impairments: Impairments
    /// The impairments that cost at least 0.1 R point, biggest first, in words
    /// ("loss bursts cost 9.0 R points").
    public let costs: [String]

    enum CodingKeys: String, CodingKey {
        case codec, r, mos, impairments, costs
        case frameMS = "frame_ms"
        case lossPercent = "loss_percent"
        case gilbertP = "gilbert_p"
        case gilbertQ = "gilbert_q"
        case burstR = "burst_r"
        case jitterMS = "jitter_ms"
        case jitterP99MS = "jitter_p99_ms"
        case jitterBufferMS = "jitter_buffer_ms"
        case oneWayDelayMS = "one_way_delay_ms"
    }

    /// Why a target's call could not be rated.
    public struct Unrated: Error, CustomStringConvertible {
        public let description: String
    }

    /// Rates `samplesNS` (one RTT per packet in send order, nil when lost) as `call`.
    public init(samplesNS: [Int64?], call: CallShape) throws(Unrated) {
        guard let codec = EModel.Codec.named(call.codec) else {
            let known = EModel.Codec.all.map(\.name).joined(separator: ", ")
            throw Unrated(description: "voice: no E-model parameters for codec \"\(call.codec)\"; use one of \(known)")
        }
        let received = samplesNS.compactMap { $0 }.map { Double($0) / 1_000_000 }
        guard !received.isEmpty else { throw Unrated(description: "voice: not rated: no packet came back") }
        self.codec = codec.name
        frameMS = call.frameMS
        lossPercent = Double(samplesNS.count - received.count) * 100 / Double(samplesNS.count)
        (gilbertP, gilbertQ) = Self.gilbert(samplesNS.map { $0 == nil })
        burstR = gilbertP + gilbertQ > 0 ? 1 / (gilbertP + gilbertQ) : 1
        let differences = zip(received, received.dropFirst()).map { abs($1 - $0) }
        jitterMS = SampleStatistics.rfc3550Jitter(received)
        jitterP99MS = differences.isEmpty ? 0 : SampleStatistics.percentile(99, of: differences.sorted())
        jitterBufferMS = call.jitterBufferMS ?? max(20, 2 * jitterP99MS)
        let meanRTT = received.reduce(0, +) / Double(received.count)
        oneWayDelayMS = meanRTT / 2 + jitterBufferMS + Double(call.frameMS) + codec.lookaheadMS
        let rating = EModel.rating(oneWayDelayMS: oneWayDelayMS, lossPercent: lossPercent, burstR: burstR, codec: codec)
        r = rating.r
        mos = rating.mos
        impairments = Impairments(
            delay: rating.delayImpairment, codec: codec.ie, loss: rating.lossImpairment - rating.burstImpairment - codec.ie,
            bursts: rating.burstImpairment)
        costs = Self.words(impairments)
    }

    /// p and q of the Gilbert model from which packets were lost, in order.
    static func gilbert(_ lost: [Bool]) -> (p: Double, q: Double) {
        var afterReceived = 0
        var lostAfterReceived = 0
        var afterLost = 0
        var receivedAfterLost = 0
        for (previous, next) in zip(lost, lost.dropFirst()) {
            if previous {
                afterLost += 1
                if !next { receivedAfterLost += 1 }
            } else {
                afterReceived += 1
                if next { lostAfterReceived += 1 }
            }
        }
        let p = afterReceived == 0 ? 0 : Double(lostAfterReceived) / Double(afterReceived)
        let q = afterLost == 0 ? 1 : Double(receivedAfterLost) / Double(afterLost)
        return (p, q)
    }

    /// "loss bursts cost 9.0 R points", biggest first, leaving out what costs under 0.1.
    static func words(_ impairments: Impairments) -> [String] {
        let named = [
            ("delay costs", impairments.delay), ("the codec costs", impairments.codec),
            ("loss costs", impairments.loss), ("loss bursts cost", impairments.bursts),
        ]
        return named.filter { $0.1 >= 0.05 }.sorted { $0.1 > $1.1 }.map { phrase, points in
            let rounded = (points * 10).rounded() / 10
            return "\(phrase) \(rounded) R points"
        }
    }
}
