import CICMP
import ICMPEcho
import NetAgentModuleKit

/// The voice probe's own keys: what the stream carries and how the call is rated.
struct VoiceConfig: Decodable, Sendable {
    /// Bytes of audio per packet, after the ICMP header or the RTP header.
    let payloadBytes: Int?
    /// IPv4 TOS / IPv6 traffic class byte of every packet.
    let tos: Int?
    /// The codec whose E-model parameters rate the call.
    let codec: String?
    /// A fixed jitter buffer; unset sizes it from the measured jitter.
    let jitterBufferMS: Double?

    enum CodingKeys: String, CodingKey {
        case tos, codec
        case payloadBytes = "payload_bytes"
        case jitterBufferMS = "jitter_buffer_ms"
    }

    /// The codecs the host's E-model has parameters for (ITU-T G.113 Appendix I). Opus is not
    /// among them: G.113 publishes no Ie or Bpl for it.
    static let codecs = ["g711", "g711-noplc", "g729a", "g723.1"]

    /// What each key means, for `describe`.
    static let keys: [String: ConfigKey] = [
        "count": .hostKey("packets per call: 1000 packets at 20 ms is a 20-second call", type: "integer", default: "1000"),
        "interval_ms": .hostKey(
            "the frame time: one packet every interval_ms (5 to 1000), also the packetisation delay; 20 ms is usual for G.711",
            type: "integer", default: "20"),
        "payload_bytes": ConfigKey("audio bytes per packet, 16 to 1452: 160 is G.711 at 20 ms, 20 is G.729A", default: "160"),
        "tos": ConfigKey("IPv4 TOS / IPv6 traffic class byte, 0 to 255: 184 is DSCP EF, as audio is marked", default: "184"),
        "codec": ConfigKey(
            "the codec the call is rated for: \(codecs.joined(separator: ", ")) (parameters from ITU-T G.113 Appendix I; g711 has packet-loss concealment, g711-noplc has none)",
            default: "\"g711\""),
        "jitter_buffer_ms": ConfigKey(
            "a fixed jitter buffer in ms added to the one-way delay; unset: 2 x the 99th percentile of the jitter, at least 20 ms"),
    ]

    /// The echo options and the call shape of `request`, or `ModuleError.invalid` naming the key at fault.
    static func parse(_ request: ProbeRequest) throws -> (options: EchoOptions, call: CallShape) {
        let config = try request.config(as: VoiceConfig.self)
        let payload = config.payloadBytes ?? 160
        let tos = config.tos ?? 184
        let codec = config.codec ?? "g711"
        guard (5...1000).contains(request.intervalMS) else {
            throw ModuleError.invalid("interval_ms = \(request.intervalMS): the frame time must be 5 to 1000 ms (20 is usual)")
        }
        guard (16...Int(NETAGENT_UDP_MAX_PAYLOAD)).contains(payload) else {
            throw ModuleError.invalid(
                "payload_bytes = \(payload): give 16 to \(NETAGENT_UDP_MAX_PAYLOAD) bytes; with serve-echo's 8-byte header and the 12-byte RTP header that fills one 1500-byte packet (160 is G.711 at 20 ms)"
            )
        }
        guard (0...255).contains(tos) else {
            throw ModuleError.invalid("tos = \(tos): give a byte, 0 to 255 (DSCP EF is 184)")
        }
        guard codecs.contains(codec) else {
            throw ModuleError.invalid("codec = \"\(codec)\": use one of \(codecs.joined(separator: ", "))")
        }
        if let buffer = config.jitterBufferMS, !(0...2000).contains(buffer) {
            throw ModuleError.invalid("jitter_buffer_ms = \(buffer): give 0 to 2000 ms, or leave it unset to size it from the jitter")
        }
        let options = EchoOptions(
            count: request.count, intervalMS: request.intervalMS, timeoutMS: request.timeoutMS, payloadSize: payload, tos: tos,
            allowsUDPTargets: true)
        return (options, CallShape(codec: codec, frameMS: request.intervalMS, jitterBufferMS: config.jitterBufferMS))
    }
}
