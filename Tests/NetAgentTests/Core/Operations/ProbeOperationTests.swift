import Testing

@testable import NetAgentCore

/// `ProbeOperation` called directly: the build's tcpconnect probe (in its helper process)
/// against a listener on loopback, and the baseline it keeps.
@Suite struct ProbeOperationTests {
    static func probe(_ host: OperationHost, _ modules: [String], options: ProbeOperation.Options) throws -> ProbeResult {
        try ProbeOperation(selection: try host.selection(modules), context: host.context, stateDirectory: host.state.path, options: options)
            .run()
    }

    @Test func withNoProbeEnabledItRefusesAsAConfigMistake() throws {
        let host = try OperationHost(root: "/")
        let error = try #require(throws: NetAgentError.self) { try Self.probe(host, ["bbr"], options: .init()) }
        #expect(error.exitCode == .invalidConfig)
    }

    @Test func aProbeMeasuresEachTargetAndKeepsTheBaselineItIsAskedTo() throws {
        let listener = try TCPListener()
        let host = try OperationHost(root: "/")
        var options = ProbeOperation.Options()
        options.overrides = ProbeOverrides(targets: ["127.0.0.1:\(listener.port)"], count: 3, intervalMS: 10)
        options.saveBaseline = "before"
        let result = try Self.probe(host, ["tcpconnect"], options: options)
        let report = try #require(result.reports.first)
        #expect(report.target == "127.0.0.1:\(listener.port)")
        #expect(report.samplesNS.count == 3)
        #expect(report.samplesNS.allSatisfy { $0 != nil }, "every handshake completed")
        #expect(result.failedProbes.isEmpty)
        #expect(try BaselineStore(stateDirectory: host.state.path).load("before").targets.count == 1)
    }
}
