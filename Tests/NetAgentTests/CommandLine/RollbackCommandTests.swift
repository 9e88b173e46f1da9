import Foundation
import Testing

/// `rollback` restores only what is still the transaction's to restore: never under a later
/// transaction that changed the same knob, never over a change made since, unless told to.
@Suite struct RollbackCommandTests {
    static let knob = "net.core.rmem_default"

    /// A --root tree holding the buffers tuner's rmem_default (its other knobs are unsupported there).
    func setup() throws -> (tree: SysctlTree, state: TemporaryDirectory, common: [String]) {
        let tree = try SysctlTree([Self.knob: "212992"])
        let state = try TemporaryDirectory()
        return (tree, state, ["--root", tree.root, "--state-dir", state.path])
    }

    func transactions(_ common: [String]) throws -> [[String: Any]] {
        try Command.netagent(["rollback", "--list", "--json"] + common).json()["transactions"] as? [[String: Any]] ?? []
    }

    @Test func rollingBackATransactionUnderALaterOneOnTheSameKnobIsRefusedNamingIt() throws {
        let (tree, state, common) = try setup()
        defer { withExtendedLifetime(state) {} }
        for profile in ["moderate", "aggressive"] {
            let run = try Command.netagent(["run", "--enable", "buffers", "--profile", profile, "--no-probe"] + common)
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(tree.value(Self.knob) == "4096")
        let refused = try Command.netagent(["rollback", "1"] + common)
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains("transaction 2 changed sysctl:net.core.rmem_default again after transaction 1"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--cascade"))
        #expect(tree.value(Self.knob) == "4096")
        let cascade = try Command.netagent(["rollback", "1", "--cascade", "--json"] + common)
        #expect(cascade.status == 0, "\(cascade.stderr)")
        #expect((try cascade.json()["cascaded"] as? [[String: Any]])?.map { $0["id"] as? Int } == [2])
        #expect(tree.value(Self.knob) == "212992")
        #expect(try transactions(common).map { $0["state"] as? String } == ["rolled-back", "rolled-back"])
    }

    @Test func aKnobChangedSinceTheTransactionIsAConflictUnlessForced() throws {
        let (tree, state, common) = try setup()
        defer { withExtendedLifetime(state) {} }
        let run = try Command.netagent(["run", "--enable", "buffers", "--no-probe"] + common)
        #expect(run.status == 0, "\(run.stderr)")
        try tree.set(Self.knob, "1000")
        let refused = try Command.netagent(["rollback"] + common)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("sysctl:net.core.rmem_default: now \"1000\"; the transaction set \"16384\""), "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"))
        #expect(tree.value(Self.knob) == "1000")
        #expect(try transactions(common).first?["state"] as? String == "applied")
        let forced = try Command.netagent(["rollback", "--force"] + common)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(tree.value(Self.knob) == "212992")
    }

    @Test func rollbackAllRestoresEveryAppliedTransactionNewestFirstAndThenHasNothingToDo() throws {
        let (tree, state, common) = try setup()
        defer { withExtendedLifetime(state) {} }
        for profile in ["moderate", "aggressive"] {
            let run = try Command.netagent(["run", "--enable", "buffers", "--profile", profile, "--no-probe"] + common)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let all = try Command.netagent(["rollback", "--all", "--json"] + common)
        #expect(all.status == 0, "\(all.stderr)")
        #expect((try all.json()["transactions"] as? [[String: Any]])?.map { $0["id"] as? Int } == [2, 1])
        #expect(tree.value(Self.knob) == "212992")
        let again = try Command.netagent(["rollback", "--all"] + common)
        #expect(again.status == 0 && again.stdout.contains("nothing to roll back"), "\(again.stdout)\(again.stderr)")
    }

    @Test func rollbackAllStopsAtAConflictAndSaysWhatStaysApplied() throws {
        let (tree, state, common) = try setup()
        defer { withExtendedLifetime(state) {} }
        let run = try Command.netagent(["run", "--enable", "buffers", "--no-probe"] + common)
        #expect(run.status == 0, "\(run.stderr)")
        try tree.set(Self.knob, "1000")
        let refused = try Command.netagent(["rollback", "--all"] + common)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("nothing was restored; transaction 1 and the older ones stay applied"), "\(refused.stderr)")
        #expect(tree.value(Self.knob) == "1000")
    }
}
