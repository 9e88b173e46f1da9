import Foundation
import Glibc
import Testing

/// Root loads only what root alone could have written: every directory from `/` down to the
/// module is checked, and the descriptor that was checked is the one loaded. Run as root (CI does).
@Suite(.serialized) struct ModuleTrustTests {
    /// The `list-modules --json` record of the module file at `path`.
    func record(at path: String, searching directory: String) throws -> [String: Any] {
        let result = try Command.netagent(["list-modules", "--json", "--module-path", directory])
        let modules = try #require(result.json()["modules"] as? [[String: Any]])
        return try #require(modules.first { $0["path"] as? String == path })
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "only root enforces the trust rule"))
    func aModuleBelowADirectoryOwnedByAUserIsRefusedNamingThatDirectory() throws {
        let user = try ThrowawayUser()
        let tree = try TemporaryDirectory()
        let owned = tree.path + "/deploy"
        let modules = owned + "/modules"
        mkdir(owned, 0o755)
        mkdir(modules, 0o755)
        try FixtureModule.build("fixture.so", in: modules)
        chown(owned, user.uid, user.gid)
        let refused = try record(at: modules + "/fixture.so", searching: modules)
        #expect(refused["state"] as? String == "refused")
        let reason = try #require(refused["reason"] as? String)
        #expect(reason.contains("directory \(owned) is owned by uid \(user.uid) (\(user.name)), not root"), "\(reason)")
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "only root enforces the trust rule"))
    func aModuleBelowAStickyWorldWritableDirectoryIsRefused() throws {
        let tree = try TemporaryDirectory()
        let shared = tree.path + "/shared"
        mkdir(shared, 0o755)
        chmod(shared, 0o1777)
        try FixtureModule.build("fixture.so", in: shared)
        let refused = try record(at: shared + "/fixture.so", searching: shared)
        #expect(refused["state"] as? String == "refused")
        #expect((refused["reason"] as? String)?.contains("directory \(shared) is world-writable (mode 1777, sticky)") == true)
    }

    /// The attack: a user who owns an ancestor of the module directory swaps a directory of
    /// root's (the checked one) with one of theirs between the check and the load. Their library
    /// would leave a marker file as uid 0 in a directory only root can write.
    @Test(.enabled(if: TestEnvironment.isRoot, "the race needs root and a throwaway user"))
    func aUserSwappingDirectoriesDuringTheCheckNeverGetsTheirLibraryRunAsRoot() throws {
        let user = try ThrowawayUser()
        let tree = try TemporaryDirectory()
        let marker = tree.path + "/ran-as-root"
        let stop = tree.path + "/stop"
        let home = tree.path + "/home"
        let checked = home + "/modules"
        let theirs = home + "/theirs"
        for directory in [home, checked, theirs] { mkdir(directory, 0o755) }
        try FixtureModule.build("racer.so", in: checked, defines: ["FIXTURE_NAME=\"racer\""])
        try FixtureModule.build("racer.so", in: theirs, defines: ["FIXTURE_NAME=\"racer\"", "FIXTURE_MARKER=\"\(marker)\""])
        chown(home, user.uid, user.gid)
        chown(theirs, user.uid, user.gid)
        chown(theirs + "/racer.so", user.uid, user.gid)
        try FixtureModule.compile(FixtureModule.fixture("swap_loop.c"), to: tree.path + "/swap_loop", program: true)
        let swapper = try user.start([tree.path + "/swap_loop", checked, theirs, stop])
        var states: Set<String> = []
        for _ in 0..<300 {
            let result = try Command.netagent(["list-modules", "--json", "--module-path", checked])
            let modules = try #require(result.json()["modules"] as? [[String: Any]])
            for module in modules where (module["path"] as? String)?.hasPrefix(home) == true {
                states.insert(module["state"] as? String ?? "?")
            }
            #expect(access(marker, F_OK) != 0, "the user's library ran as root: \(tree.read("ran-as-root") ?? "")")
            if access(marker, F_OK) == 0 { break }
        }
        _ = FileManager.default.createFile(atPath: stop, contents: nil)
        swapper.waitUntilExit()
        let output = (swapper.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
        let swaps = Int(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(swaps > 0, "the user's swap loop never exchanged the directories")
        #expect(states == ["refused"])
    }
}
