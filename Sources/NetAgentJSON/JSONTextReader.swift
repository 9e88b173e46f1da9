/// A strict JSON reader that walks a document where it lies, value by value, without building a
/// tree first: the counterpart of `JSONTextWriter`, for answers too large to decode through
/// JSONDecoder's generic containers (163 840 samples at 16 384 targets). It accepts the JSON of
/// RFC 8259 and nothing else: no comments, no trailing commas, no leading zeros, no text after
/// the value, strings of valid UTF-8 only, and arrays and objects nested at most
/// `maximumDepth` deep. The caller reads the values in the order they come and skips the ones it
/// does not know with `skipValue()`, which checks them as strictly.
///
///     let samples = try JSONTextReader.read(bytes) { json in
///         var samples: [Int64?] = []
///         try json.beginArray()
///         while try json.nextElement() { samples.append(try json.readNull() ? nil : try json.readInteger()) }
///         return samples
///     }   // [123456, nil] for [123456,null]
public struct JSONTextReader {
    /// Why a document could not be read, and at which byte.
    public struct Error: Swift.Error, CustomStringConvertible, Equatable {
        /// The offset of the byte at fault, from the start of the document.
        public let offset: Int
        /// What was wrong there.
        public let message: String
        public var description: String { "\(message) at byte \(offset)" }
    }

    /// How deeply arrays and objects may nest; a deeper document is refused rather than read
    /// with a stack that grows with it.
    public static let maximumDepth = 512

    /// The document, and the offset of the next byte to read.
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    private var depth = 0
    /// True just after `[` or `{`: the first element or key takes no comma before it.
    var atOpening = false

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads `document` with `body`, then checks that nothing but whitespace follows what
    /// `body` read.
    public static func read<Value>(_ document: ArraySlice<UInt8>, _ body: (inout JSONTextReader) throws -> Value) throws -> Value {
        try document.withUnsafeBufferPointer { buffer in
            var reader = JSONTextReader(bytes: buffer)
            let value = try body(&reader)
            reader.skipWhitespace()
            guard reader.position == buffer.count else { throw reader.error("text after the JSON value") }
            return value
        }
    }

    // MARK: Objects and arrays

    /// Starts reading an object; then `nextKey()` until it returns nil, reading each key's value.
    public mutating func beginObject() throws {
        try open(UInt8(ascii: "{"), "an object")
    }

    /// The next key of the current object, its `:` read; nil when the object ended (its `}` read).
    public mutating func nextKey() throws -> String? {
        guard try nextMember(closing: UInt8(ascii: "}")) else { return nil }
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a key (a string)") }
        let key = try readString()
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after the key") }
        position += 1
        return key
    }

    /// Starts reading an array; then `nextElement()` until it returns false, reading each element.
    public mutating func beginArray() throws {
        try open(UInt8(ascii: "["), "an array")
    }

    /// True when the current array has another element to read; false when it ended (its `]` read).
    public mutating func nextElement() throws -> Bool {
        try nextMember(closing: UInt8(ascii: "]"))
    }

    // MARK: Values

    /// Reads `null` and returns true, or returns false and reads nothing when the value is another.
    public mutating func readNull() throws -> Bool {
        skipWhitespace()
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Reads an integer that fits in 64 bits; a fraction, an exponent or any other value is refused.
    public mutating func readInteger() throws -> Int64 {
        skipWhitespace()
        let start = position
        let negative = peek() == UInt8(ascii: "-")
        if negative { position += 1 }
        guard let first = digit() else { throw error("expected an integer", at: start) }
        var value = -Int64(first)
        if first == 0, digit() != nil { throw error("a number may not start with 0", at: start) }
        while let next = digit() {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.subtractingReportingOverflow(Int64(next))
            guard !overflow1 && !overflow2 else { throw error("the integer does not fit in 64 bits", at: start) }
            value = sum
        }
        if let next = peek(), next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            throw error("expected an integer, found a number with a fraction or an exponent", at: start)
        }
        if !negative {
            guard value != .min else { throw error("the integer does not fit in 64 bits", at: start) }
            value = -value
        }
        atOpening = false
        return value
    }

    /// Reads any value, checking it as strictly as the other calls do, and returns the range of
    /// bytes it took in the document (to hand a small part to another decoder).
    @discardableResult
    public mutating func skipValue() throws -> Range<Int> {
        skipWhitespace()
        let start = position
        guard let first = peek() else { throw error("expected a value") }
        switch first {
        case UInt8(ascii: "{"):
            try beginObject()
            while try nextKey() != nil { try skipValue() }
        case UInt8(ascii: "["):
            try beginArray()
            while try nextElement() { try skipValue() }
        case UInt8(ascii: "\""):
            _ = try readString()
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
        default:
            throw error("expected a value")
        }
        return start..<position
    }

    /// The bytes of `range`, as `skipValue()` returned it.
    public func bytes(in range: Range<Int>) -> ArraySlice<UInt8> {
        ArraySlice(bytes[range])
    }

    // MARK: The grammar's pieces

    private mutating func open(_ opening: UInt8, _ name: String) throws {
        skipWhitespace()
        guard peek() == opening else { throw error("expected \(name)") }
        guard depth < Self.maximumDepth else { throw error("arrays and objects nest deeper than \(Self.maximumDepth)") }
        position += 1
        depth += 1
        atOpening = true
    }

    /// Reads the `,` before the next member or the closing bracket; true when a member follows.
    private mutating func nextMember(closing: UInt8) throws -> Bool {
        skipWhitespace()
        if peek() == closing {
            position += 1
            depth -= 1
            atOpening = false
            return false
        }
        if atOpening {
            atOpening = false
        } else {
            guard peek() == UInt8(ascii: ",") else { throw error("expected ',' or '\(Character(Unicode.Scalar(closing)))'") }
            position += 1
            skipWhitespace()
            if peek() == closing { throw error("a ',' must be followed by another member") }
        }
        return true
    }

    /// A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func number() throws {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = digit() else { throw error("expected a number", at: start) }
        if first == 0, digit() != nil { throw error("a number may not start with 0", at: start) }
        while digit() != nil {}
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard digit() != nil else { throw error("expected a digit after '.'") }
            while digit() != nil {}
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard digit() != nil else { throw error("expected a digit in the exponent") }
            while digit() != nil {}
        }
        atOpening = false
    }

    /// Reads one of `true`, `false`, `null`.
    private mutating func literal(_ word: StaticString) throws {
        let start = position
        for index in 0..<word.utf8CodeUnitCount {
            guard peek() == word.utf8Start[index] else { throw error("expected \(word)", at: start) }
            position += 1
        }
        atOpening = false
    }

    /// Reads one decimal digit, or nothing when the next byte is not one.
    private mutating func digit() -> UInt8? {
        guard let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        position += 1
        return byte - UInt8(ascii: "0")
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    func error(_ message: String, at offset: Int? = nil) -> Error {
        Error(offset: offset ?? position, message: message)
    }
}
