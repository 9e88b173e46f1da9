import Testing

@testable import NetAgentCore

/// `ApplyOperation` called directly, with the build's bbr tuner on a `--root` tree: what it
/// plans, applies and records, without the command line around it.
@Suite struct ApplyOperationTests {
    static let congestion = "net.ipv4.tcp_congestion_control"
    static let qdisc = "net.core.default_qdisc"

    static func bbrTree() throws -> SysctlTree {
        try SysctlTree([Self.congestion: "cubic", "net.ipv4.tcp_available_congestion_control": "reno cubic bbr", Self.qdisc: "pfifo_fast"])
    }

    /// `run --no-probe` (or `--dry-run` with `plan`) of `modules` under `profile`.
    static func apply(_ host: OperationHost, _ modules: [String] = ["bbr"], profile: Profile = .moderate, plan: Bool = false) throws
        -> ApplyResult
    {
        var options = ApplyOperation.Options()
        options.probe = false
        let operation = ApplyOperation(
            selection: try host.selection(modules, profile: profile), catalog: host.catalog, context: host.context,
            stateDirectory: host.state.path, options: options)
        return try plan ? operation.plan() : operation.run()
    }

    @Test func aPlanSaysWhatARunWouldChangeAndChangesNothing() throws {
        let tree = try Self.bbrTree()
        let host = try OperationHost(root: tree.root)
        let result = try Self.apply(host, plan: true)
        #expect(result.knobs.map(\.action) == [.change, .change])
        #expect(result.knobs.map(\.desired) == ["bbr", "fq"])
        #expect(result.transaction == nil)
        #expect(tree.value(Self.congestion) == "cubic")
        #expect(try Journal(stateDirectory: host.state.path).entries().isEmpty)
    }

    @Test func aRunAppliesOneTransactionAndTheNextFindsNothingToDo() throws {
        let tree = try Self.bbrTree()
        let host = try OperationHost(root: tree.root)
        let first = try Self.apply(host)
        #expect(first.transaction?.id == 1)
        #expect(first.transaction?.changes.map(\.after) == ["bbr", "fq"])
        #expect(first.exitStatus == .success)
        #expect(tree.value(Self.congestion) == "bbr")
        #expect(tree.value(Self.qdisc) == "fq")

        let second = try Self.apply(host)
        #expect(second.transaction == nil, "nothing differed, so nothing is recorded as applied")
        #expect(second.knobs.map(\.action) == [.unchanged, .unchanged])
        #expect(try Journal(stateDirectory: host.state.path).entries().map(\.id) == [1])
    }
}
