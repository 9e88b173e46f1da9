import Foundation
import Testing

@testable import NetAgentJSON

/// The reader the host reads probe answers with: it reads what JSONEncoder and JSONTextWriter
/// write as the values written, and refuses, naming the byte, every text that is not JSON.
@Suite struct JSONTextReaderTests {
    /// Reads `text` as one value of any kind, checking it.
    func skipped(_ text: String) throws {
        try JSONTextReader.read(Array(text.utf8)[...]) { try $0.skipValue() }
    }

    /// Reads `text` as an array of integers and nulls.
    func samples(_ text: String) throws -> [Int64?] {
        try JSONTextReader.read(Array(text.utf8)[...]) { json in
            var samples: [Int64?] = []
            try json.beginArray()
            while try json.nextElement() { samples.append(try json.readNull() ? nil : try json.readInteger()) }
            return samples
        }
    }

    @Test func integersAndNullsAreReadWithTheWholeRangeOf64Bits() throws {
        #expect(try samples(" [ 0 , -0, 1,null,\n\t-42, 9223372036854775807, -9223372036854775808 ] ") == [0, 0, 1, nil, -42, .max, .min])
        #expect(try samples("[]") == [])
        for tooLarge in ["9223372036854775808", "-9223372036854775809", "99999999999999999999"] {
            #expect(throws: JSONTextReader.Error(offset: 1, message: "the integer does not fit in 64 bits")) {
                try samples("[\(tooLarge)]")
            }
        }
    }

    @Test func numbersThatAreNotIntegersAreRefusedWhereAnIntegerIsRead() {
        for number in ["1.5", "1e3", "1E3", "1.0", "\"1\"", "true", "-", "01", "-01", "+1", "[1]", "{}"] {
            #expect(throws: JSONTextReader.Error.self, "\(number)") { try samples("[\(number)]") }
        }
    }

    @Test func stringsHaveTheirEscapesUndoneAsJSONDecoderDoes() throws {
        let strings = [
            "", "plain", "quote \" backslash \\ slash /", "\u{0}\u{1}\u{8}\u{C}\n\r\t\u{1F}", "é 音 🎧", "\u{7F}\u{FFFF}\u{10FFFF}",
        ]
        for string in strings {
            let encoded = try JSONEncoder().encode([string])
            let read = try JSONTextReader.read(Array(encoded)[...]) { json -> String in
                try json.beginArray()
                #expect(try json.nextElement())
                let value = try json.readString()
                #expect(try !json.nextElement())
                return value
            }
            #expect(read == string)
        }
        let escaped = #"["\u00e9\u00E9\ud83c\udfa7\/\b\f"]"#
        #expect(
            try JSONTextReader.read(Array(escaped.utf8)[...]) { json in
                try json.beginArray()
                _ = try json.nextElement()
                let value = try json.readString()
                _ = try json.nextElement()
                return value
            } == "éé🎧/\u{8}\u{C}")
    }

    @Test func whatJSONTextWriterWritesIsReadBackAsWritten() throws {
        var writer = JSONTextWriter(pretty: true)
        writer.beginObject()
        writer.key("counters")
        writer.beginObject()
        writer.key("late")
        writer.integer(2)
        writer.endObject()
        writer.key("samples_ns")
        writer.beginArray()
        for value in [Int64.min, -1, 0, 1, .max] { writer.integer(value) }
        writer.null()
        writer.endArray()
        writer.key("target")
        writer.string("a\"b\\c\n🎧")
        writer.endObject()

        var counters: [String: Int64] = [:]
        var samples: [Int64?] = []
        var target = ""
        try JSONTextReader.read(writer.bytes[...]) { json in
            try json.beginObject()
            while let key = try json.nextKey() {
                switch key {
                case "counters":
                    try json.beginObject()
                    while let name = try json.nextKey() { counters[name] = try json.readInteger() }
                case "samples_ns":
                    try json.beginArray()
                    while try json.nextElement() { samples.append(try json.readNull() ? nil : try json.readInteger()) }
                default:
                    target = try json.readString()
                }
            }
        }
        #expect(counters == ["late": 2] && samples == [.min, -1, 0, 1, .max, nil] && target == "a\"b\\c\n🎧")
    }

    @Test func skippingAValueChecksItAndGivesItsBytes() throws {
        let text = #"{"a": [1, -2.5e-3, 0.0, 1E+9, true, false, null, "x\"y", {"b": {}}, []], "c": {"codec":"g711"}}"#
        try skipped(text)
        let call = try JSONTextReader.read(Array(text.utf8)[...]) { json -> String in
            try json.beginObject()
            var call = ""
            while let key = try json.nextKey() {
                let range = try json.skipValue()
                if key == "c" { call = String(decoding: json.bytes(in: range), as: UTF8.self) }
            }
            return call
        }
        #expect(call == #"{"codec":"g711"}"#)
    }

    @Test(arguments: [
        "", " ", "[", "[1", "[1,]", "[,1]", "[1 2]", "{", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, #"{"a":1 "b":2}"#, "{1:2}",
        "[1}", "{]", "[1]]", "[1] x", "nul", "tru", "True", "NaN", "Infinity", "-", "1.", ".5", "1e", "1e+", "00", "0x10",
        "\"abc", "\"a\u{1}b\"", #""\x""#, #""\u12""#, #""\u12G4""#, #""\ud83c""#, #""\ud83cx""#, #""\udfa7""#, #""\ud83c\u0041""#,
        "/* comment */ 1", "'single'",
    ])
    func textThatIsNotJSONIsRefused(text: String) {
        #expect(throws: JSONTextReader.Error.self, "\(text)") { try skipped(text) }
    }

    @Test func invalidUTF8InAStringIsRefused() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22]] {
            #expect(throws: JSONTextReader.Error(offset: 0, message: "the string is not valid UTF-8")) {
                try JSONTextReader.read(bytes[...]) { _ = try $0.readString() }
            }
        }
    }

    @Test func nestingDeeperThanTheLimitIsRefusedWithoutExhaustingTheStack() throws {
        let limit = JSONTextReader.maximumDepth
        try skipped(String(repeating: "[", count: limit) + String(repeating: "]", count: limit))
        let tooDeep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONTextReader.Error(offset: limit, message: "arrays and objects nest deeper than \(limit)")) {
            try skipped(tooDeep)
        }
    }

    @Test func anErrorNamesTheByteAtFault() {
        #expect(throws: JSONTextReader.Error(offset: 3, message: "expected ',' or ']'")) { try samples("[1 2]") }
        #expect(throws: JSONTextReader.Error(offset: 4, message: "a ',' must be followed by another member")) { try samples("[1, ]") }
    }
}
