import Foundation
import NetAgentJSON
import Testing

/// The writer that probe modules answer with: what it writes is JSON that JSONDecoder reads back
/// as the values written, whatever the strings hold.
@Suite struct JSONTextWriterTests {
    func decoded(_ json: JSONTextWriter) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(json.bytes))
    }

    @Test func nestedObjectsAndArraysGetTheirCommasAndNothingElse() throws {
        var json = JSONTextWriter()
        json.beginObject()
        json.key("counters")
        json.beginObject()
        json.key("duplicates")
        json.integer(0)
        json.key("late")
        json.integer(2)
        json.endObject()
        json.key("empty")
        json.beginArray()
        json.endArray()
        json.key("samples_ns")
        json.beginArray()
        json.integer(Int64.max)
        json.null()
        json.integer(Int64.min)
        json.endArray()
        json.key("call")
        json.encoded(Array(#"{"codec":"g711"}"#.utf8))
        json.endObject()
        #expect(
            String(decoding: json.bytes, as: UTF8.self)
                == #"{"counters":{"duplicates":0,"late":2},"empty":[],"samples_ns":[9223372036854775807,null,-9223372036854775808],"call":{"codec":"g711"}}"#
        )
        #expect(
            try decoded(json)
                == .object([
                    "counters": .object(["duplicates": .integer(0), "late": .integer(2)]), "empty": .array([]),
                    "samples_ns": .array([.integer(.max), .null, .integer(.min)]), "call": .object(["codec": .string("g711")]),
                ]))
    }

    @Test func stringsWithQuotesBackslashesControlCharactersAndUnicodeReadBackAsWritten() throws {
        let texts = ["say \"hi\"", #"C:\path\"#, "line\nbreak\r\ttab", "\u{0}\u{1}\u{1F}\u{7F}", "ünïcødé 🎧", "</script>", ""]
        var json = JSONTextWriter()
        json.beginArray()
        for text in texts { json.string(text) }
        json.endArray()
        #expect(try decoded(json) == .array(texts.map { .string($0) }))
        #expect(!json.bytes.contains { $0 < 0x20 }, "no raw control character in the text")
    }

    @Test func aKeyWithCharactersToEscapeIsEscapedLikeAnyString() throws {
        var json = JSONTextWriter()
        json.beginObject()
        json.key("a\"b")
        json.string("x")
        json.key("c\\d")
        json.integer(1)
        json.endObject()
        #expect(try decoded(json) == .object(["a\"b": .string("x"), "c\\d": .integer(1)]))
    }

    @Test func integersAreWrittenAsTheirDecimalTextAtEveryMagnitude() {
        var values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 1_000_000_007, .max, .min, .max - 1, .min + 1]
        values += (0..<200).map { _ in Int64.random(in: .min ... .max) }
        for value in values {
            var json = JSONTextWriter()
            json.integer(value)
            #expect(String(decoding: json.bytes, as: UTF8.self) == String(value))
        }
        var json = JSONTextWriter()
        json.integer(Int.min)
        #expect(String(decoding: json.bytes, as: UTF8.self) == String(Int.min))
    }
}
