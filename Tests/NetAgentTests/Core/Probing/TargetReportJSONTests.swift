import Foundation
import NetAgentJSON
import Testing

@testable import NetAgentCore

/// `probe --json` writes each target's report directly; it must be byte for byte what JSONEncoder
/// writes for the same report, whatever the probe reported.
@Suite struct TargetReportJSONTests {
    /// The report of `module` for a module's raw result, given as the JSON the module answers.
    static func report(_ module: String, _ raw: String) throws -> TargetReport {
        TargetReport(module: module, raw: try JSONTextReader.read(Array(raw.utf8)[...]) { try RawTargetResult(reading: &$0) })
    }

    static func encoderText(_ report: TargetReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    static func writerText(_ report: TargetReport, baseIndent: Int = 0) throws -> String {
        var json = JSONTextWriter(pretty: true, baseIndent: baseIndent)
        try report.write(to: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    static let voiceSamples = (0..<200).map { $0 % 17 == 3 ? "null" : "\(20_000_000 + ($0 * 7919) % 3_000_000)" }

    @Test(arguments: [
        (
            "icmp",
            #"{"target":"10.0.0.1","samples_ns":[48123,null,51234,null,null,47001],"counters":{"reordered":1,"duplicates":0,"late":2,"corrupt":0},"timestamp_source":"kernel-rx"}"#
        ),
        (
            "http",
            #"{"target":"https://example.test/a?b=1","samples_ns":[1200000,null],"errors":["connection refused","TLS: \"bad\" cert\n"],"phases_ns":{"ttfb":[900000,null],"connect":[100000,null],"tls":[400000,null]}}"#
        ),
        ("dns", #"{"target":"no.such.name","samples_ns":[],"error":"name does not resolve"}"#),
        ("tcpconnect", #"{"target":"t\u0001\b\f\t\\é🎧:80","samples_ns":[null,null,null],"counters":{}}"#),
        (
            "voice",
            #"{"target":"10.0.0.2","samples_ns":["# + voiceSamples.joined(separator: ",")
                + #"],"call":{"codec":"g711","frame_ms":20},"timestamp_source":"kernel"}"#
        ),
    ])
    func theWrittenReportIsWhatJSONEncoderWrites(module: String, raw: String) throws {
        let report = try Self.report(module, raw)
        #expect(module != "voice" || report.voice != nil, "the call is rated: \(report.errors)")
        #expect(try Self.writerText(report) == Self.encoderText(report))
    }

    @Test func aReportPlacedInsideOtherTextHasEveryLineButBlankOnesIndentedBelowIt() throws {
        let report = try Self.report("dns", #"{"target":"a","samples_ns":[],"error":"x"}"#)
        let indented = try Self.encoderText(report).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated().map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : "    " + $0.element }
            .joined(separator: "\n")
        #expect(try Self.writerText(report, baseIndent: 4) == indented)
    }

    @Test func infinityIsRefusedAsJSONEncoderRefusesIt() {
        var json = JSONTextWriter()
        #expect(throws: JSONTextWriter.InvalidNumber.self) { try json.double(.infinity) }
        #expect(throws: JSONTextWriter.InvalidNumber.self) { try json.double(.nan) }
    }

    @Test func doublesAreWrittenAsJSONEncoderWritesThem() throws {
        let values = [0.1, 1e-7, 123_456_789.125, 1e21, 0.000123, -0.0, 100, 1.0 / 3, 1e16, 12_345_678_901_234_567.0, 5e-324]
        var json = JSONTextWriter()
        json.beginArray()
        for value in values { try json.double(value) }
        json.endArray()
        #expect(json.bytes == Array(try JSONEncoder().encode(values)))
    }
}
