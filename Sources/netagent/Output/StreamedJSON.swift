import FoundationEssentials
import Glibc
import NetAgentCore
import NetAgentJSON

/// Prints a JSON object whose one large array, the target reports, is written a report at a
/// time. JSONEncoder builds the tree of a whole value before it writes a byte, which for a
/// report of thousands of targets costs more memory than the samples themselves and most of the
/// time after the last round; each report is instead written directly (`TargetReport.write`).
/// The text is what `Output.json` prints for the same object: pretty, with sorted keys, and nil
/// fields left out.
struct StreamedJSON {
    private let encoder = Output.jsonEncoder()
    private var buffer: [UInt8] = []

    /// Prints `fields` and the array `arrayKey` of `elements` as one object.
    static func printObject(_ fields: [String: (any Encodable)?], arrayKey: String, elements: [TargetReport]) throws {
        var writer = StreamedJSON()
        writer.append("{\n")
        let keys = (fields.compactMap { $0.value == nil ? nil : $0.key } + [arrayKey]).sorted()
        for (index, key) in keys.enumerated() {
            writer.append("  \"\(key)\" : ")
            if key == arrayKey {
                try writer.appendArray(elements)
            } else if let value = fields[key] ?? nil {
                try writer.appendEncoded(value, indent: 2, indentFirstLine: false)
            }
            writer.append(index == keys.count - 1 ? "\n" : ",\n")
        }
        writer.append("}\n")
        writer.flush()
    }

    private mutating func appendArray(_ elements: [TargetReport]) throws {
        guard !elements.isEmpty else { return append("[\n\n  ]") }
        append("[\n")
        for (index, element) in elements.enumerated() {
            var json = JSONTextWriter(pretty: true, baseIndent: 4)
            try element.write(to: &json)
            append("    ")
            buffer += json.bytes
            append(index == elements.count - 1 ? "\n" : ",\n")
            if buffer.count >= 1 << 16 { flush() }
        }
        append("  ]")
    }

    /// Appends `value`'s JSON with every non-empty line after the first (and the first too, if
    /// asked) indented by `indent` spaces, as JSONEncoder indents what it nests.
    private mutating func appendEncoded(_ value: some Encodable, indent: Int, indentFirstLine: Bool) throws {
        let newline = UInt8(ascii: "\n")
        var atLineStart = indentFirstLine
        try encoder.encode(value).withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for byte in bytes {
                if atLineStart && byte != newline { buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent)) }
                buffer.append(byte)
                atLineStart = byte == newline
            }
        }
    }

    private mutating func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    /// Writes what is buffered to standard output, after whatever `print` buffered before it.
    private mutating func flush() {
        fflush(nil)
        buffer.withUnsafeBytes { bytes in
            var written = 0
            while written < bytes.count {
                let result = write(1, bytes.baseAddress! + written, bytes.count - written)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else { return }
                written += result
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
