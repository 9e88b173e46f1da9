import Testing

@testable import NetAgentCore

/// What serve-echo answers before any rate (netagent/echo.h): a request in netagent's format
/// from an unprivileged port, never a reply, another protocol, an empty or oversized datagram.
struct EchoDatagramTests {
    static let request: [UInt8] = Array("NAEC".utf8) + [1, 0, 0, 0] + Array("probe".utf8)

    func refusal(_ bytes: [UInt8], port: UInt16 = 40_000) -> EchoRefusal? {
        bytes.withUnsafeBytes { EchoDatagram.refusal(of: $0, sourcePort: port) }
    }

    @Test func aRequestFromAnUnprivilegedPortIsAnsweredAndItsReplyIsNot() {
        #expect(refusal(Self.request) == nil)
        var reply = Self.request
        reply.withUnsafeMutableBytes { EchoDatagram.markAsReply($0) }
        #expect(reply == Array("NAEC".utf8) + [1, 1, 0, 0] + Array("probe".utf8), "only the reply flag changes")
        #expect(refusal(reply) == .reply)
    }

    @Test func privilegedPortsOtherProtocolsAndBadSizesAreRefused() {
        #expect(refusal(Self.request, port: 7) == .privilegedPort)
        #expect(refusal(Self.request, port: 1023) == .privilegedPort)
        #expect(refusal(Self.request, port: 1024) == nil)
        #expect(refusal(Array("hello, echo".utf8)) == .notNetagent)
        #expect(refusal(Array("NAEC".utf8) + [2, 0, 0, 0]) == .notNetagent, "another version")
        #expect(refusal(Array("NAEC".utf8) + [1, 0, 0]) == .notNetagent, "shorter than the header")
        #expect(refusal([]) == .malformed)
        #expect(refusal(Self.request + [UInt8](repeating: 0, count: 1472 - Self.request.count)) == nil)
        #expect(refusal(Self.request + [UInt8](repeating: 0, count: 1473 - Self.request.count)) == .oversized)
    }
}
