import CICMP
import Glibc

/// The payload of one session's echo requests: a 16-byte marker ("netagent" and 8 random bytes,
/// so that replies to another run are told apart), then the request's number (4 bytes, big
/// endian) when the payload has room for it, then zeros. The ICMP and RTP sequence numbers hold
/// only the number's low 16 bits; the full number lets one session send more than 65 536
/// requests (16 384 targets x 10 rounds) and still match every reply to its request.
struct EchoPayload {
    /// Where the request number starts.
    static let numberOffset = 16
    /// The smallest payload that carries the number.
    static let numberedSize = numberOffset + 4

    /// The most requests one session may send with payloads of `size` bytes: 65 536 without
    /// the number (the sequence numbers would repeat), else 4 194 304 (256 MB of bookkeeping).
    static func mostRequests(size: Int) -> Int { size >= numberedSize ? 1 << 22 : 1 << 16 }

    /// What a reply's payload says.
    enum Match: Equatable {
        /// An intact reply to request `k`.
        case request(Int)
        /// Not what was sent: altered on the way, or another program's request.
        case corrupt
    }

    /// The bytes of the next request; `setNumber(_:)` writes its number in.
    private(set) var bytes: [UInt8]
    /// Where the bytes after the number start (after the marker when there is no number).
    private let tailOffset: Int

    init(size: Int) {
        var marker = Array("netagent".utf8)
        for _ in 0..<8 { marker.append(UInt8.random(in: 0...255)) }
        bytes = marker + Array(repeating: 0, count: size - marker.count)
        tailOffset = size >= Self.numberedSize ? Self.numberedSize : Self.numberOffset
    }

    var carriesNumber: Bool { tailOffset == Self.numberedSize }

    /// Makes `bytes` the payload of request `attempt`.
    mutating func setNumber(_ attempt: Int) {
        guard carriesNumber else { return }
        let number = UInt32(truncatingIfNeeded: attempt)
        for index in 0..<4 { bytes[Self.numberOffset + index] = UInt8(truncatingIfNeeded: number >> (24 - 8 * index)) }
    }

    /// The request `reply` answers: its number from the payload when the payload carries one
    /// (its low 16 bits must be the reply's sequence number), else the sequence number.
    func match(_ reply: netagent_icmp_reply) -> Match {
        guard reply.payload_size == bytes.count else { return .corrupt }
        return withUnsafeBytes(of: reply.payload) { received in
            let intact = bytes.withUnsafeBytes { sent in
                memcmp(received.baseAddress!, sent.baseAddress!, Self.numberOffset) == 0
                    && memcmp(received.baseAddress! + tailOffset, sent.baseAddress! + tailOffset, bytes.count - tailOffset) == 0
            }
            guard intact else { return .corrupt }
            guard carriesNumber else { return .request(Int(reply.sequence)) }
            let number = (0..<4).reduce(0) { $0 << 8 | Int(received[Self.numberOffset + $1]) }
            return UInt16(truncatingIfNeeded: number) == reply.sequence ? .request(number) : .corrupt
        }
    }
}
