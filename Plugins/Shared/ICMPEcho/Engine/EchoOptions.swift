/// How an echo session runs.
public struct EchoOptions: Sendable {
    /// Echo requests per target.
    public var count: Int
    /// Pause between rounds, in milliseconds; the targets of a round are spread across it.
    public var intervalMS: Int
    /// How long a reply may take before the attempt counts as lost, in milliseconds.
    public var timeoutMS: Int
    /// Bytes after the ICMP header, 16 to 1472 (ping's default is 56).
    public var payloadSize: Int
    /// IPv4 TOS / IPv6 traffic class byte, such as 184 for DSCP EF; nil leaves the default.
    public var tos: Int?
    /// Use the kernel's TX timestamp as the send time (true), or the time just before
    /// `sendto`, as ping does (false): the latter includes the sender's own stack.
    public var kernelSendTimestamps: Bool
    /// Whether `udp:host:port` targets are measured over UDP to an echo service (the voice
    /// probe); when false they are refused, so a probe named icmp measures only ICMP.
    public var allowsUDPTargets: Bool

    public init(
        count: Int, intervalMS: Int, timeoutMS: Int, payloadSize: Int = 56, tos: Int? = nil, kernelSendTimestamps: Bool = false,
        allowsUDPTargets: Bool = false
    ) {
        self.count = count
        self.intervalMS = intervalMS
        self.timeoutMS = timeoutMS
        self.payloadSize = payloadSize
        self.tos = tos
        self.kernelSendTimestamps = kernelSendTimestamps
        self.allowsUDPTargets = allowsUDPTargets
    }
}

/// What an echo session measured for one target.
public struct EchoTargetResult: Sendable {
    public var target: String
    /// One entry per request: round-trip time in nanoseconds, nil when no reply came in time.
    public var samplesNS: [Int64?] = []
    /// Replies to a request already answered.
    public var duplicates = 0
    /// Replies that came after the timeout (their attempt counts as lost).
    public var late = 0
    /// Replies whose payload was not what was sent.
    public var corrupt = 0
    /// Replies that arrived after a reply to a later request.
    public var reordered = 0
    /// Where the times came from: "kernel" (kernel send and receive timestamps),
    /// "kernel-rx" (kernel receive, user send), "user" (user space both ends) or "mixed".
    public var timestampSource: String?
    /// Set when the target could not be measured at all.
    public var error: String?

    public init(target: String) { self.target = target }
}
