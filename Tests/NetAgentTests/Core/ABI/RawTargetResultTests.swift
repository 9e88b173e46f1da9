import Foundation
import NetAgentJSON
import Testing

@testable import NetAgentCore

/// A module's result for one target, as the host decodes it from the module's JSON.
@Suite struct RawTargetResultTests {
    func decoded(_ json: String) throws -> RawTargetResult {
        try JSONTextReader.read(Array(json.utf8)[...]) { try RawTargetResult(reading: &$0) }
    }

    @Test func everyFieldIsReadWithLostSamplesAsNilAndUnknownKeysIgnored() throws {
        let raw = try decoded(
            #"{"target":"t","samples_ns":[1,null,-3],"errors":["e"],"error":"x","phases_ns":{"connect":[5,null],"ttfb":[]},"counters":{"late":2},"timestamp_source":"kernel","call":{"codec":"g711","frame_ms":20},"future_field":{"a":[1]}}"#
        )
        #expect(raw.target == "t" && raw.samplesNS == [1, nil, -3] && raw.errors == ["e"] && raw.error == "x")
        #expect(raw.phasesNS == ["connect": [5, nil], "ttfb": []])
        #expect(raw.counters == ["late": 2] && raw.timestampSource == "kernel" && raw.call == CallShape(codec: "g711", frameMS: 20))
    }

    @Test func optionalFieldsMayBeAbsentOrNull() throws {
        let absent = try decoded(#"{"target":"t","samples_ns":[]}"#)
        let null = try decoded(#"{"target":"t","samples_ns":[],"errors":null,"phases_ns":null,"counters":null,"call":null}"#)
        for raw in [absent, null] {
            #expect(raw.samplesNS.isEmpty && raw.errors == nil && raw.phasesNS == nil && raw.counters == nil && raw.call == nil)
        }
    }

    @Test func samplesAndCountersThatAreNotIntegersAreRefused() {
        for samples in [#"["1"]"#, "[1.5]", "[true]", "[[1]]", "null", "{}"] {
            #expect(throws: JSONTextReader.Error.self, "samples_ns \(samples)") {
                try decoded(#"{"target":"t","samples_ns":"# + samples + "}")
            }
        }
        #expect(throws: RawTargetResult.MissingKey(name: "samples_ns")) { try decoded(#"{"target":"t"}"#) }
        #expect(throws: RawTargetResult.MissingKey(name: "target")) { try decoded(#"{"samples_ns":[]}"#) }
        #expect(throws: JSONTextReader.Error.self) { try decoded(#"{"target":"t","samples_ns":[],"phases_ns":{"connect":[1,"x"]}}"#) }
        #expect(throws: JSONTextReader.Error.self) { try decoded(#"{"target":"t","samples_ns":[],"counters":{"late":"2"}}"#) }
        #expect(throws: JSONTextReader.Error.self) { try decoded(#"{"target":"t","samples_ns":[],"counters":[1]}"#) }
    }

    @Test func aProbeAnswerIsReadWithItsUnknownKeysSkipped() throws {
        let answer = #"{"version":2,"results":[{"target":"a","samples_ns":[1]},{"target":"b","samples_ns":[null]}],"notes":["x"]}"#
        let results = try ModuleCall.probeResults(Array(answer.utf8)[...], module: "m", call: "run")
        #expect(results.map(\.target) == ["a", "b"] && results[1].samplesNS == [nil])
    }

    @Test func aBrokenAnswerIsRefusedNamingTheModuleTheResultAndTheByte() {
        let answer = #"{"results":[{"target":"a","samples_ns":[1]},{"target":"b","samples_ns":[1.5]}]}"#
        #expect {
            try ModuleCall.probeResults(Array(answer.utf8)[...], module: "m", call: "run")
        } throws: { error in
            "\(error)".contains("module m") && "\(error)".contains("results[1]: expected an integer")
                && "\(error)".contains("at byte \(answer.utf8.count - "1.5]}]}".utf8.count)")
        }
        #expect(throws: ModuleCallError.self) { try ModuleCall.probeResults(Array(#"{"result":[]}"#.utf8)[...], module: "m", call: "run") }
    }
}
