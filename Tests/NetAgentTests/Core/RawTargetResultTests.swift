import Foundation
import NetAgentSystem
import Testing

@testable import NetAgentCore

/// A module's result for one target, as the host decodes it from the module's JSON.
@Suite struct RawTargetResultTests {
    func decoded(_ json: String) throws -> RawTargetResult {
        try JSONDecoder().decode(RawTargetResult.self, from: Data(json.utf8))
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
            #expect(throws: DecodingError.self, "samples_ns \(samples)") { try decoded(#"{"target":"t","samples_ns":"# + samples + "}") }
        }
        #expect(throws: DecodingError.self) { try decoded(#"{"target":"t"}"#) }
        #expect(throws: DecodingError.self) { try decoded(#"{"target":"t","samples_ns":[],"phases_ns":{"connect":[1,"x"]}}"#) }
        #expect(throws: DecodingError.self) { try decoded(#"{"target":"t","samples_ns":[],"counters":{"late":"2"}}"#) }
        #expect(throws: DecodingError.self) { try decoded(#"{"target":"t","samples_ns":[],"counters":[1]}"#) }
    }
}
