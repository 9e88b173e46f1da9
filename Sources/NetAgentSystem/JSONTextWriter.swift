/// Compact JSON text written straight into bytes, for answers too large to build as a tree
/// first: JSONEncoder holds every value of a probe's answer (163 840 samples at 16 384 targets)
/// as a tree before it writes a byte. The caller writes each object's keys in sorted order, as
/// JSONEncoder's `.sortedKeys` does, and commas are put in for it.
///
///     var json = JSONTextWriter()
///     json.beginObject()
///     json.key("samples_ns")
///     json.beginArray(); json.integer(123_456); json.null(); json.endArray()
///     json.endObject()   // {"samples_ns":[123456,null]}
public struct JSONTextWriter {
    /// The text so far, UTF-8.
    public private(set) var bytes: [UInt8] = []
    /// For each open object or array, whether a value was written in it (so the next needs a comma).
    private var open: [Bool] = []
    /// True just after a key: the value that follows takes no comma.
    private var afterKey = false

    public init() {}

    /// Starts an object, as a value.
    public mutating func beginObject() {
        value(UInt8(ascii: "{"))
        open.append(false)
    }

    /// Ends the innermost object.
    public mutating func endObject() {
        open.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    /// Starts an array, as a value.
    public mutating func beginArray() {
        value(UInt8(ascii: "["))
        open.append(false)
    }

    /// Ends the innermost array.
    public mutating func endArray() {
        open.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes an object's key; the next call writes its value.
    public mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// Writes a string, quoted, with `"`, `\` and control characters escaped (RFC 8259, 7).
    public mutating func string(_ text: String) {
        value(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
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

    /// Writes an integer.
    public mutating func integer(_ number: some BinaryInteger) {
        value(nil)
        bytes += String(number).utf8
    }

    /// Writes `null`.
    public mutating func null() {
        value(nil)
        bytes += "null".utf8
    }

    /// Writes JSON text that is already one complete value, such as JSONEncoder's output.
    public mutating func encoded(_ json: some Sequence<UInt8>) {
        value(nil)
        bytes += json
    }

    /// Puts the comma a value needs, then `first` if given.
    private mutating func value(_ first: UInt8?) {
        if afterKey {
            afterKey = false
        } else if let last = open.indices.last {
            if open[last] { bytes.append(UInt8(ascii: ",")) }
            open[last] = true
        }
        if let first { bytes.append(first) }
    }
}
