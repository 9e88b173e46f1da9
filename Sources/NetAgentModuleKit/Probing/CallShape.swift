/// How the host should rate a target's samples as a telephone call (ITU-T G.107 E-model), for a
/// probe that sends a paced, audio-shaped stream: the `call` object of a result.
public struct CallShape: Encodable, Sendable {
    /// The codec whose E-model parameters apply: "g711" (with loss concealment), "g711-noplc",
    /// "g729a" or "g723.1" (netagent's table, from ITU-T G.113 Appendix I).
    public var codec: String
    /// The packet spacing in milliseconds, which is also the packetisation delay.
    public var frameMS: Int
    /// A fixed jitter buffer in milliseconds; nil lets the host size it from the jitter.
    public var jitterBufferMS: Double?

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
