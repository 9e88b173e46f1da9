import CNetAgent

/// Why serve-echo did not answer a datagram. The raw values are the suffixes of the counts'
/// JSON keys (`dropped_<reason>`).
public enum EchoRefusal: String, CaseIterable, Sendable {
    /// Empty: nothing to echo.
    case malformed
    /// Longer than `NETAGENT_ECHO_MAX_SIZE` (1472 bytes): no probe sends more than one frame.
    case oversized
    /// From a source port below 1024, where echo, chargen, DNS and NTP services answer: a reply
    /// sent there could start a loop with that service.
    case privilegedPort = "privileged_port"
    /// Not in netagent's echo format (netagent/echo.h): another protocol's datagram.
    case notNetagent = "not_netagent"
    /// A reply already (another reflector's answer): answering it would start a loop.
    case reply
    /// Over the source address's rate.
    case sourceRate = "source_rate"
    /// Over the reflector's total rate, or from a new source while it tracks as many as it may.
    case totalRate = "total_rate"
}

/// The checks serve-echo makes of one datagram's bytes and source port before any rate:
/// netagent/echo.h's format, never a reply, never a privileged source port.
enum EchoDatagram {
    /// Why a datagram of `bytes` from `sourcePort` is not answered, or nil when it is a request.
    static func refusal(of bytes: UnsafeRawBufferPointer, sourcePort: UInt16) -> EchoRefusal? {
        if bytes.isEmpty { return .malformed }
        if bytes.count > Int(NETAGENT_ECHO_MAX_SIZE) { return .oversized }
        if sourcePort < 1024 { return .privilegedPort }
        let datagram = bytes.bindMemory(to: UInt8.self)
        guard netagent_echo_has_header(datagram.baseAddress, datagram.count) != 0 else { return .notNetagent }
        if netagent_echo_is_reply(datagram.baseAddress, datagram.count) != 0 { return .reply }
        return nil
    }

    /// Marks the request in `bytes` as the reflector's reply.
    static func markAsReply(_ bytes: UnsafeMutableRawBufferPointer) {
        bytes[Int(NETAGENT_ECHO_FLAGS_OFFSET)] |= UInt8(NETAGENT_ECHO_REPLY)
    }
}
