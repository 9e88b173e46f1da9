import Testing

@testable import NetAgentCore

/// `StatusOperation` called directly: each knob of the selection as ok, drifted or unsupported.
@Suite struct StatusOperationTests {
    static func status(_ host: OperationHost) throws -> StatusResult {
        try StatusOperation(selection: try host.selection(["bbr"]), context: host.context, stateDirectory: host.state.path, persist: false)
            .run()
    }

    @Test func knobsAreOkAfterARunAndDriftedOnceChangedByHand() throws {
        let tree = try ApplyOperationTests.bbrTree()
        let host = try OperationHost(root: tree.root)
        #expect(try Self.status(host).drifted == 2, "before any run both knobs differ")
        _ = try ApplyOperationTests.apply(host)
        let applied = try Self.status(host)
        #expect(applied.knobs.map(\.status) == [.ok, .ok])
        #expect(applied.exitStatus == .success)

        try tree.set(ApplyOperationTests.congestion, "cubic")
        let drifted = try Self.status(host)
        #expect(drifted.knobs.map(\.status) == [.drifted, .ok])
        #expect(drifted.knobs.first?.current == "cubic")
        #expect(drifted.exitStatus == .checkFailed)
    }
}
