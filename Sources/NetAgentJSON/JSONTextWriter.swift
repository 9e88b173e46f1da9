/// JSON text written straight into bytes, for answers and reports too large to build as a tree
/// first: JSONEncoder holds every value (163 840 samples at 16 384 targets) as a tree before it
/// writes a byte. The caller writes each object's keys in sorted order, as JSONEncoder's
/// `.sortedKeys` does; commas, and in pretty mode line breaks and indentation, are put in for
/// it. The text is what JSONEncoder writes for the same values (compact, or with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`).
///
///     var json = JSONTextWriter()
///     json.beginObject()
///     json.key("samples_ns")
///     json.beginArray(); json.integer(123_456); json.null(); json.endArray()
///     json.endObject()   // {"samples_ns":[123456,null]}
public struct JSONTextWriter {
    /// A number JSON cannot hold (infinity, NaN), as JSONEncoder refuses it.
    public struct InvalidNumber: Error, CustomStringConvertible {
        public let value: Double
        public var description: String { "\(value) cannot be written as a JSON number" }
    }

    /// The text so far, UTF-8.
    public private(set) var bytes: [UInt8] = []
    /// Line breaks and two spaces of indentation per level, as JSONEncoder's `.prettyPrinted`.
    private let pretty: Bool
    /// Spaces before every line after the first, in pretty mode: for text placed inside other text.
    private let baseIndent: Int
    /// For each open object or array, whether a value was written in it (so the next needs a comma).
    private var open: [Bool] = []
    /// True just after a key: the value that follows takes no comma.
    private var afterKey = false

    /// A compact writer, or with `pretty` one that breaks lines and indents every line after the
    /// first by `baseIndent` spaces more than its level.
    public init(pretty: Bool = false, baseIndent: Int = 0) {
        self.pretty = pretty
        self.baseIndent = baseIndent
    }

    /// Starts an object, as a value.
    public mutating func beginObject() {
        value(UInt8(ascii: "{"))
        open.append(false)
    }

    /// Ends the innermost object.
    public mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    /// Starts an array, as a value.
    public mutating func beginArray() {
        value(UInt8(ascii: "["))
        open.append(false)
    }

    /// Ends the innermost array.
    public mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// Writes an object's key; the next call writes its value.
    public mutating func key(_ name: String) {
        string(name)
        if pretty {
            bytes.append(UInt8(ascii: " "))
            bytes.append(UInt8(ascii: ":"))
            bytes.append(UInt8(ascii: " "))
        } else {
            bytes.append(UInt8(ascii: ":"))
        }
        afterKey = true
    }

    /// Writes a string, quoted, with `"`, `\` and control characters escaped as JSONEncoder
    /// escapes them (RFC 8259, 7).
    public mutating func string(_ text: String) {
        value(UInt8(ascii: "\""))
        // Most strings (keys, addresses) need no escape: they are copied whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes += text.utf8
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
            case 0x08: bytes += Array(#"\b"#.utf8)
            case 0x0C: bytes += Array(#"\f"#.utf8)
            case UInt8(ascii: "\n"): bytes += Array(#"\n"#.utf8)
            case UInt8(ascii: "\r"): bytes += Array(#"\r"#.utf8)
            case UInt8(ascii: "\t"): bytes += Array(#"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes an integer, its digits put straight into the text. Not generic: a generic
    /// function called from another module runs unspecialized, through witness tables, for
    /// every one of a large answer's samples.
    public mutating func integer(_ number: Int) {
        integer(Int64(number))
    }

    /// Writes a 64-bit integer, its digits put straight into the text.
    public mutating func integer(_ number: Int64) {
        value(nil)
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        // The digits, last first, into the 20 bytes the largest 64-bit number needs.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes += digits[start...]
        }
    }

    /// Writes a floating-point number as JSONEncoder does: its shortest exact text, without a
    /// trailing ".0". Infinity and NaN are refused.
    public mutating func double(_ number: Double) throws {
        guard number.isFinite else { throw InvalidNumber(value: number) }
        value(nil)
        let text = number.description
        bytes += text.hasSuffix(".0") ? text.utf8.dropLast(2) : text.utf8.dropLast(0)
    }

    /// Writes `null`.
    public mutating func null() {
        value(nil)
        bytes += "null".utf8
    }

    /// Writes JSON text that is already one complete value, such as JSONEncoder's output (in
    /// pretty mode, pretty text written from level 0: its lines but the blank ones are indented
    /// to this level).
    public mutating func encoded(_ json: some Sequence<UInt8>) {
        value(nil)
        guard pretty else {
            bytes += json
            return
        }
        let newline = UInt8(ascii: "\n")
        var atLineStart = false
        for byte in json {
            if atLineStart && byte != newline { indent(level: open.count) }
            bytes.append(byte)
            atLineStart = byte == newline
        }
    }

    /// Puts the comma (and in pretty mode the line break) a value needs, then `first` if given.
    private mutating func value(_ first: UInt8?) {
        if afterKey {
            afterKey = false
        } else if let last = open.indices.last {
            if open[last] { bytes.append(UInt8(ascii: ",")) }
            open[last] = true
            if pretty {
                bytes.append(UInt8(ascii: "\n"))
                indent(level: open.count)
            }
        }
        if let first { bytes.append(first) }
    }

    /// Ends the innermost object or array with `bracket`: on a line of its own in pretty mode,
    /// after an empty line when it held nothing, as JSONEncoder writes it.
    private mutating func close(_ bracket: UInt8) {
        let wroteValues = open.removeLast()
        if pretty {
            bytes.append(UInt8(ascii: "\n"))
            if !wroteValues { bytes.append(UInt8(ascii: "\n")) }
            indent(level: open.count)
        }
        bytes.append(bracket)
    }

    private mutating func indent(level: Int) {
        bytes += repeatElement(UInt8(ascii: " "), count: baseIndent + 2 * level)
    }
}
