import Foundation
import NetAgentWire
import Testing

/// The JSON shapes that cross module.h, declared once for the host (which encodes requests and
/// decodes answers) and the module kit (which does the opposite): the keys are module.h's, and
/// what one side writes the other reads back.
struct WireTypesTests {
    func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func aPlanRequestHasModuleHsKeysAndAnAbsentConfigIsEmpty() throws {
        let request = WirePlanRequest(profile: .aggressive, config: ["qdisc": .string("fq")])
        #expect(try json(request) == #"{"config":{"qdisc":"fq"},"profile":"aggressive"}"#)
        #expect(try JSONDecoder().decode(WirePlanRequest.self, from: Data(json(request).utf8)) == request)
        let bare = try JSONDecoder().decode(WirePlanRequest.self, from: Data(#"{"profile":"moderate"}"#.utf8))
        #expect(bare == WirePlanRequest(profile: .moderate, config: [:]))
    }

    @Test func aProbeRequestSpellsItsTimesInMilliseconds() throws {
        let request = WireProbeRequest(targets: ["192.0.2.1"], count: 3, intervalMS: 20, timeoutMS: 1000, config: ["tos": .integer(184)])
        #expect(
            try json(request) == #"{"config":{"tos":184},"count":3,"interval_ms":20,"targets":["192.0.2.1"],"timeout_ms":1000}"#)
        #expect(try JSONDecoder().decode(WireProbeRequest.self, from: Data(json(request).utf8)) == request)
    }

    @Test func aPlanAnswerCarriesEachKnobsAfterChangeNote() throws {
        let answer = WirePlanAnswer(knobs: [
            WireKnob(key: "sysctl:net.core.default_qdisc", value: "fq", why: "pacing", afterChange: "new qdiscs only")
        ])
        #expect(try json(answer).contains(#""after_change":"new qdiscs only""#))
        #expect(try JSONDecoder().decode(WirePlanAnswer.self, from: Data(json(answer).utf8)) == answer)
    }
}
