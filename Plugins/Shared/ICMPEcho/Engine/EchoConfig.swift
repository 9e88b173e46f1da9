import NetAgentModuleKit

/// The config keys the icmp and loss probes share.
public struct EchoConfig: Decodable, Sendable {
    /// Bytes after the ICMP header.
    public let payloadSize: Int?
    /// IPv4 TOS / IPv6 traffic class.
    public let tos: Int?
    /// "user" (the default: the send time before sendto, as ping and fping take it) or "kernel".
    public let sendTimestamp: String?

    enum CodingKeys: String, CodingKey {
        case payloadSize = "payload_size"
        case tos
        case sendTimestamp = "send_timestamp"
    }

    /// What each key means, for the probes' `ModuleInfo`.
    public static let keys: [String: ConfigKey] = [
        "payload_size": ConfigKey(
            "bytes after the ICMP header, 16 to 1472 (ping's default is 56); below 20 there is no room for the request number, "
                + "and one run then sends at most 65536 requests (count x targets)", default: "56"),
        "tos": ConfigKey("IPv4 TOS / IPv6 traffic class byte; 184 marks DSCP EF, as audio often is"),
        "send_timestamp": ConfigKey(
            "user: the time before sendto, as ping and fping measure (compare with them); kernel: the kernel's TX timestamp, which leaves out the sender's own stack (10 to 35 us less than ping)",
            default: "\"user\""),
    ]

    /// The session options of a request with this config.
    public static func options(_ request: ProbeRequest) throws -> EchoOptions {
        let config = try request.config(as: EchoConfig.self)
        if let tos = config.tos, !(0...255).contains(tos) {
            throw ModuleError.invalid("tos = \(tos): give a byte, 0 to 255 (DSCP EF is 184)")
        }
        guard [nil, "kernel", "user"].contains(config.sendTimestamp) else {
            throw ModuleError.invalid("send_timestamp = \"\(config.sendTimestamp!)\": use \"kernel\" or \"user\"")
        }
        return EchoOptions(
            count: request.count, intervalMS: request.intervalMS, timeoutMS: request.timeoutMS,
            payloadSize: config.payloadSize ?? 56, tos: config.tos, kernelSendTimestamps: config.sendTimestamp == "kernel")
    }
}

extension TargetResult {
    /// The ABI result of an echo target.
    public init(_ echo: EchoTargetResult) {
        self.init(
            target: echo.target, samplesNS: echo.samplesNS, error: echo.error,
            counters: [
                ReplyEvents.duplicates: echo.duplicates, ReplyEvents.late: echo.late, ReplyEvents.corrupt: echo.corrupt,
                ReplyEvents.reordered: echo.reordered,
            ],
            timestampSource: echo.timestampSource)
    }
}
