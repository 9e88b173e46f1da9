import Testing

@testable import NetAgentCore

/// A helper's answer travels as a header line and the module's JSON as it is; the reader finds
/// where an answer ends without searching the JSON, and says when one is not all there yet.
@Suite struct HelperAnswerTests {
    /// The bytes a helper writes for `answer`.
    static func written(_ answer: HelperAnswer) -> [UInt8] {
        answer.headerLine() + Array(answer.json ?? [])
    }

    @Test func theModulesJSONComesBackByteForByteWithNewlinesAndQuotesUnescaped() throws {
        let json = Array("{\"results\": [\n  {\"target\": \"a\\\"b\", \"samples_ns\": [1, null]}\n]}".utf8)
        let bytes = Self.written(HelperAnswer(json: json[...]))
        #expect(bytes.count == json.count + HelperAnswer(json: json[...]).headerLine().count)
        guard case .answer(let answer, let length) = HelperAnswer.read(from: bytes) else {
            Issue.record("the answer was not read")
            return
        }
        #expect(answer.json.map(Array.init) == json)
        #expect(answer.error == nil && answer.status == nil)
        #expect(length == bytes.count)
    }

    @Test func aFailedCallIsAHeaderLineAlone() {
        let bytes = Self.written(HelperAnswer(error: "cannot open an ICMP socket", status: -3))
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(
            HelperAnswer.read(from: bytes) == .answer(HelperAnswer(error: "cannot open an ICMP socket", status: -3), length: bytes.count))
    }

    @Test func anAnswerCutShortIsIncompleteWhereverItIsCut() {
        let bytes = Self.written(HelperAnswer(json: Array(#"{"results":[]}"#.utf8)[...]))
        for cut in 0..<bytes.count {
            #expect(HelperAnswer.read(from: Array(bytes[..<cut])) == .incomplete, "cut at \(cut) of \(bytes.count)")
        }
    }

    @Test func twoAnswersInARowAreReadOneAfterTheOther() {
        let first = HelperAnswer(json: Array(#"{"results":[{"target":"x"}]}"#.utf8)[...])
        let second = HelperAnswer(error: "the helper got a request it cannot read")
        let bytes = Self.written(first) + Self.written(second)
        guard case .answer(let read, let length) = HelperAnswer.read(from: bytes) else {
            Issue.record("the first answer was not read")
            return
        }
        #expect(read == first)
        #expect(HelperAnswer.read(from: Array(bytes[length...])) == .answer(second, length: bytes.count - length))
    }

    @Test func aHeaderThatIsNotOneIsUnreadable() {
        #expect(HelperAnswer.read(from: Array("Segmentation fault\n".utf8)) == .unreadable)
        #expect(HelperAnswer.read(from: Array(#"{"json_bytes":-1}"#.utf8) + [UInt8(ascii: "\n")]) == .unreadable)
        let endless = [UInt8](repeating: UInt8(ascii: "x"), count: HelperAnswer.maximumHeader + 1)
        #expect(HelperAnswer.read(from: endless) == .unreadable)
    }
}
