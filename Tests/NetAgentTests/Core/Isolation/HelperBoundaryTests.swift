import Foundation
import Testing

@testable import NetAgentCore

/// The two sides of the helper boundary agree: the request line the client writes is the one the
/// server reads, and every command line `HelperCommandLine` builds is one `netagent module-host`
/// accepts and answers.
@Suite struct HelperBoundaryTests {
    /// The tcpconnect module of this build, as discovery would describe it.
    static let tcpconnect = AvailableModule(
        name: "tcpconnect", kind: .probe, version: "1.0.0", summary: "", configSchema: nil,
        path: TestEnvironment.buildDirectory + "/libnetagent-tcpconnect.so")

    @Test func aRequestTravelsAsOneLineAndReadsBackAsWritten() throws {
        let request = HelperRequest(request: #"{"targets":["a"]}"#, timeoutMS: 5000)
        let line = try request.line()
        #expect(line.last == UInt8(ascii: "\n") && !line.dropLast().contains(UInt8(ascii: "\n")))
        #expect(String(decoding: line, as: UTF8.self).contains(#""timeout_ms":5000"#))
        #expect(try JSONDecoder().decode(HelperRequest.self, from: Data(line.dropLast())) == request)
    }

    @Test func aOneShotProbeLineIsAcceptedAndAnswersWithAHeader() throws {
        let input = try TemporaryDirectory()
        try input.write("request", "{not json")
        let arguments = HelperCommandLine.probe(
            modulePath: Self.tcpconnect.path, name: Self.tcpconnect.name, root: "/", timeoutMS: 1000, progress: false,
            helperPath: TestEnvironment.netagent)
        let result = try Command.run(arguments, input: input.path + "/request")
        #expect(result.status == 0, "\(result.stderr)")
        guard case .answer(let answer, _) = HelperAnswer.read(from: Array(result.stdout.utf8)) else {
            Issue.record("no answer: \(result.stdout)")
            return
        }
        #expect(answer.status != nil, "a malformed request is the module's error: \(answer)")
    }

    @Test func aServeLineLoadsTheModuleAndEndsWithItsInput() throws {
        let arguments = HelperCommandLine.serve(
            modulePath: Self.tcpconnect.path, name: Self.tcpconnect.name, root: "/", helperPath: TestEnvironment.netagent)
        #expect(arguments.contains("--serve") && !arguments.contains("--timeout-ms"))
        let result = try Command.run(arguments)
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stderr)")
    }

    @Test func anInspectLineAnswersOneRecordPerFile() throws {
        let arguments = HelperCommandLine.inspect([Self.tcpconnect.path], helperPath: TestEnvironment.netagent)
        let result = try Command.run(arguments)
        let record = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((record?["record"] as? [String: Any])?["name"] as? String == "tcpconnect", "\(result.stdout)")
    }
}
