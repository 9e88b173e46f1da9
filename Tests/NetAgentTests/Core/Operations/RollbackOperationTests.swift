import Testing

@testable import NetAgentCore

/// `RollbackOperation` called directly: a transaction undone, and one that a later transaction
/// changed again refused unless the later one goes first.
@Suite struct RollbackOperationTests {
    @Test func aRollbackRestoresTheValuesBeforeTheTransaction() throws {
        let tree = try ApplyOperationTests.bbrTree()
        let host = try OperationHost(root: tree.root)
        _ = try ApplyOperationTests.apply(host)
        let entries = try RollbackOperation(catalog: host.catalog, context: host.context, stateDirectory: host.state.path).run(id: nil)
        #expect(entries.map(\.id) == [1])
        #expect(entries.first?.state == .rolledBack)
        #expect(tree.value(ApplyOperationTests.congestion) == "cubic")
        #expect(tree.value(ApplyOperationTests.qdisc) == "pfifo_fast")
    }

    /// tcp's unsent-queue limit differs by profile: moderate then aggressive change it twice.
    @Test func aTransactionChangedAgainLaterIsRefusedUnlessCascading() throws {
        let lowat = "net.ipv4.tcp_notsent_lowat"
        let tree = try SysctlTree([lowat: "4294967295"])
        let host = try OperationHost(root: tree.root)
        #expect(try ApplyOperationTests.apply(host, ["tcp"], profile: .moderate).transaction?.id == 1)
        #expect(try ApplyOperationTests.apply(host, ["tcp"], profile: .aggressive).transaction?.id == 2)
        #expect(tree.value(lowat) == "16384")

        var rollback = RollbackOperation(catalog: host.catalog, context: host.context, stateDirectory: host.state.path)
        let refusal = try #require(throws: NetAgentError.self) { try rollback.run(id: 1) }
        #expect(refusal.message.contains("nothing was restored"))
        #expect(tree.value(lowat) == "16384")

        rollback.cascade = true
        #expect(try rollback.run(id: 1).map(\.id) == [2, 1], "the later one first")
        #expect(tree.value(lowat) == "4294967295")
    }
}
