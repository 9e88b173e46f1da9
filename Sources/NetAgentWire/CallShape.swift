/// How a probe's samples are to be rated as a telephone call (ITU-T G.107 E-model): the `call`
/// object of a result, set by a probe that sends a paced, audio-shaped stream (the voice probe).
/// The module kit encodes it and the host decodes it, so both share this one type.
public struct CallShape: Codable, Sendable, Equatable {
    /// The codec whose E-model parameters apply: "g711" (with loss concealment), "g711-noplc",
    /// "g729a" or "g723.1" (netagent's `EModel.Codec` table, from ITU-T G.113 Appendix I).
    public let codec: String
    /// The packet spacing, which is also the packetisation delay, in milliseconds.
    public let frameMS: Int
    /// A fixed jitter buffer in milliseconds; nil lets the host size it from the measured jitter.
    public let jitterBufferMS: Double?

    enum CodingKeys: String, CodingKey {
        case codec
        case frameMS = "frame_ms"
        case jitterBufferMS = "jitter_buffer_ms"
    }

    public init(codec: String, frameMS: Int, jitterBufferMS: Double? = nil) {
        self.codec = codec
        self.frameMS = frameMS
        self.jitterBufferMS = jitterBufferMS
    }
}
