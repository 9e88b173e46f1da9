/// Strings: the one value with escapes and an encoding to check.
extension JSONTextReader {
    /// Reads a string, its escapes undone.
    public mutating func readString() throws -> String {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a string") }
        position += 1
        let start = position
        // Most strings have no escape: they are taken as they lie.
        while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\"),
            bytes[position] >= 0x20
        {
            position += 1
        }
        if peek() == UInt8(ascii: "\"") {
            position += 1
            atOpening = false
            return try validated(UnsafeBufferPointer(rebasing: bytes[start..<position - 1]), start: start)
        }
        var text = Array(bytes[start..<position])
        while true {
            guard let byte = peek() else { throw error("the string does not end", at: start - 1) }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                atOpening = false
                return try validated(text, start: start)
            case UInt8(ascii: "\\"):
                try escape(into: &text)
            case ..<0x20:
                throw error("a control character must be escaped in a string", at: position - 1)
            default:
                text.append(byte)
            }
        }
    }

    /// A string's UTF-8, which must be valid.
    private func validated(_ utf8: some Collection<UInt8>, start: Int) throws -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else { throw error("the string is not valid UTF-8", at: start - 1) }
        return string
    }

    /// Undoes one escape, its backslash already read.
    private mutating func escape(into text: inout [UInt8]) throws {
        guard let byte = peek() else { throw error("the string does not end") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(byte)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hexCodeUnit()
            if (0xD800..<0xDC00).contains(scalar) {
                guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                    throw error("a \\u escape of a high surrogate must be followed by its low surrogate")
                }
                position += 2
                let low = try hexCodeUnit()
                guard (0xDC00..<0xE000).contains(low) else { throw error("expected a low surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicodeScalar = Unicode.Scalar(scalar) else { throw error("a low surrogate without a high one") }
            UTF8.encode(unicodeScalar) { text.append($0) }
        default:
            throw error("unknown escape '\\\(Character(Unicode.Scalar(byte)))'", at: position - 2)
        }
    }

    /// The four hex digits of a `\u` escape.
    private mutating func hexCodeUnit() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw error("expected four hex digits after \\u") }
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default: throw error("expected four hex digits after \\u")
            }
            value = value << 4 | UInt32(nibble)
            position += 1
        }
        return value
    }
}
