import Foundation
import Testing

/// The thp tuner under `--root`, on files in the kernel's `always [madvise] never` format.
@Suite struct THPTunerTests {
    static let directory = "sys/kernel/mm/transparent_hugepage"

    func tree(enabled: String, defrag: String) throws -> TemporaryDirectory {
        let tree = try TemporaryDirectory()
        try tree.write(Self.directory + "/enabled", enabled + "\n")
        try tree.write(Self.directory + "/defrag", defrag + "\n")
        return tree
    }

    @Test func theBracketedChoiceIsTheCurrentValue() throws {
        let root = try tree(enabled: "[always] madvise never", defrag: "always defer defer+madvise [madvise] never")
        let plan = try Command.netagent(["run", "--dry-run", "--enable", "thp", "--root", root.path, "--json"])
        let knobs = try #require(try plan.json()["knobs"] as? [[String: Any]])
        #expect(knobs.map { $0["current"] as? String } == ["always", "madvise"])
        #expect(knobs.allSatisfy { $0["desired"] as? String == "never" && $0["action"] as? String == "change" })
    }

    @Test func runWritesNeverAndRollbackWritesTheOldChoiceBack() throws {
        let root = try tree(enabled: "always [madvise] never", defrag: "always defer defer+madvise [madvise] never")
        let state = try TemporaryDirectory()
        let run = try Command.netagent(["run", "--enable", "thp", "--root", root.path, "--state-dir", state.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(root.read(Self.directory + "/enabled") == "never\n")
        #expect(root.read(Self.directory + "/defrag") == "never\n")
        #expect(try Command.netagent(["rollback", "--root", root.path, "--state-dir", state.path]).status == 0)
        #expect(root.read(Self.directory + "/enabled") == "madvise\n")
        #expect(root.read(Self.directory + "/defrag") == "madvise\n")
    }

    @Test func aKernelWithoutTransparentHugePagesIsUnsupported() throws {
        let root = try TemporaryDirectory()
        let plan = try Command.netagent(["run", "--dry-run", "--enable", "thp", "--root", root.path, "--json"])
        #expect(plan.status == 0)
        let knobs = try #require(try plan.json()["knobs"] as? [[String: Any]])
        #expect(knobs.count == 2)
        #expect(knobs.allSatisfy { ($0["reason"] as? String)?.contains("no transparent huge pages") == true })
    }

    @Test func anAttributeThatDoesNotOfferNeverIsUnsupported() throws {
        let root = try tree(enabled: "always [madvise]", defrag: "[always] madvise never")
        let plan = try Command.netagent(["run", "--dry-run", "--enable", "thp", "--root", root.path, "--json"])
        let knobs = try #require(try plan.json()["knobs"] as? [[String: Any]])
        #expect((knobs[0]["reason"] as? String)?.contains("does not offer never") == true)
        #expect(knobs[1]["action"] as? String == "change")
    }
}
