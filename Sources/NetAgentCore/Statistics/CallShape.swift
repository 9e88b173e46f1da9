/// How a probe's samples are to be rated as a telephone call: set by a probe that sends a paced,
/// audio-shaped stream (the voice probe), as the `call` object of its result.
public struct CallShape: Codable, Sendable, Equatable {
    /// The codec whose E-model parameters apply, by `EModel.Codec` name ("g711", "g729a", ...).
    public let codec: String
    /// The packet spacing, which is also the packetisation delay, in milliseconds.
    public let frameMS: Int
    /// A fixed jitter buffer in milliseconds; nil sizes it from the measured jitter.
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
