import Foundation
import Glibc
import Testing

/// Discovery reads what module files say of themselves in helper processes: a module's code runs
/// in netagent's own process only when a command uses that module.
@Suite struct ModuleDiscoveryTests {
    /// `list-modules --json` over one directory: exit status and records by file name.
    func listModules(_ directory: TemporaryDirectory) throws -> (status: Int32, records: [String: [String: Any]]) {
        let result = try Command.netagent(["list-modules", "--json", "--module-path", directory.path])
        let modules = try #require(result.json()["modules"] as? [[String: Any]], "\(result.stdout) \(result.stderr)")
        var records: [String: [String: Any]] = [:]
        for module in modules {
            guard let path = module["path"] as? String, path.hasPrefix(directory.path + "/") else { continue }
            records[String(path.dropFirst(directory.path.count + 1))] = module
        }
        return (result.status, records)
    }

    @Test func listModulesKeepsWhatItFoundInTheCacheDirectoryAndListsTheSameFromIt() throws {
        let directory = try TemporaryDirectory()
        let cache = try TemporaryDirectory()
        try FixtureModule.build("kept.so", in: directory.path, defines: ["FIXTURE_NAME=\"kept\""])
        usleep(1_100_000)  // ModuleCatalogCache.settledNS: a file changed just before is not kept
        let arguments = ["list-modules", "--json", "--module-path", directory.path, "--cache-dir", cache.path]
        let first = try Command.netagent(arguments)
        let kept = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cache.path + "/module-catalog.json")))
        let paths = ((kept as? [String: Any])?["entries"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(paths.contains(directory.path + "/kept.so"))
        let second = try Command.netagent(arguments)
        #expect(second.status == 0)
        #expect(second.stdout == first.stdout)
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "needs root to make an unprivileged user"))
    func aUserWhoIsNotRootListsModulesFromRootsCacheAndLeavesItAlone() throws {
        let user = try ThrowawayUser()
        let netagent = try ReachableBuild.netagent
        let cache = try TemporaryDirectory()
        usleep(1_100_000)  // ModuleCatalogCache.settledNS: the copied modules must be older to be kept
        let arguments = [netagent, "list-modules", "--json", "--cache-dir", cache.path]
        #expect(try Command.run(arguments).status == 0)
        let file = cache.path + "/module-catalog.json"
        let kept = try #require(cache.read("module-catalog.json"))
        let marked = kept.replacingOccurrences(of: "\"summary\":\"", with: "\"summary\":\"from root's cache: ")
        try marked.write(toFile: file, atomically: false, encoding: .utf8)
        let listed = try user.run(arguments)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("from root's cache: "), "\(listed.stdout)")
        #expect(cache.read("module-catalog.json") == marked)
    }

    @Test func aModuleWhoseConstructorCallsExitIsRefusedAndTheFilesAfterItStillLoad() throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.build("a-good.so", in: directory.path, defines: ["FIXTURE_NAME=\"first\""])
        try FixtureModule.build("b-exits.so", in: directory.path, defines: ["FIXTURE_NAME=\"exits\"", "FIXTURE_CONSTRUCTOR=1"])
        try FixtureModule.build("c-good.so", in: directory.path, defines: ["FIXTURE_NAME=\"third\""])
        let (status, records) = try listModules(directory)
        #expect(status == 0)
        #expect(records["a-good.so"]?["state"] as? String == "loaded")
        #expect(records["c-good.so"]?["state"] as? String == "loaded")
        #expect(records["b-exits.so"]?["state"] as? String == "refused")
        #expect((records["b-exits.so"]?["reason"] as? String)?.contains("ended the inspecting process with exit status 0") == true)
    }

    @Test func aModuleWhoseConstructorHangsIsRefusedAfterTheDeadline() throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.build("hangs.so", in: directory.path, defines: ["FIXTURE_NAME=\"hangs\"", "FIXTURE_CONSTRUCTOR=2"])
        try FixtureModule.build("later.so", in: directory.path, defines: ["FIXTURE_NAME=\"later\""])
        let (status, records) = try listModules(directory)
        #expect(status == 0)
        #expect((records["hangs.so"]?["reason"] as? String)?.contains("did not finish within 10 s") == true)
        #expect(records["later.so"]?["state"] as? String == "loaded")
    }

    @Test func aModuleThatPrintsWhenLoadedCannotCorruptTheJSON() throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.build("chatty.so", in: directory.path, defines: ["FIXTURE_NAME=\"chatty\"", "FIXTURE_CONSTRUCTOR=3"])
        let (status, records) = try listModules(directory)
        #expect(status == 0)
        #expect(records["chatty.so"]?["state"] as? String == "loaded")
    }

    @Test func rollbackRestoresAndExitsZeroWithAModuleThatCallsExitOnThePath() throws {
        let tree = try SysctlTree(["net.ipv4.icmp_echo_ignore_all": "0"])
        let directory = try TemporaryDirectory()
        try FixtureModule.buildTuner("echo-off.so", in: directory.path)
        let common = ["--module-path", directory.path, "--root", tree.root, "--state-dir", directory.path + "/state"]
        let applied = try Command.netagent(["run", "--enable", "echo-off", "--no-probe"] + common)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(tree.value("net.ipv4.icmp_echo_ignore_all") == "1")
        try FixtureModule.build("exits.so", in: directory.path, defines: ["FIXTURE_NAME=\"exits\"", "FIXTURE_CONSTRUCTOR=1"])
        let rolledBack = try Command.netagent(["rollback"] + common)
        #expect(rolledBack.status == 0, "\(rolledBack.stderr)")
        #expect(tree.value("net.ipv4.icmp_echo_ignore_all") == "0")
    }

    @Test func aCommandRunsNoCodeOfModulesItDoesNotUseInItsOwnProcess() throws {
        let tree = try SysctlTree(["net.ipv4.icmp_echo_ignore_all": "0"])
        let directory = try TemporaryDirectory()
        let marker = directory.path + "/bystander-ran"
        try FixtureModule.buildTuner("echo-off.so", in: directory.path)
        try FixtureModule.build(
            "bystander.so", in: directory.path, defines: ["FIXTURE_NAME=\"bystander\"", "FIXTURE_MARKER=\"\(marker)\""])
        let common = ["--module-path", directory.path, "--root", tree.root, "--state-dir", directory.path + "/state"]
        for arguments in [["run", "--enable", "echo-off", "--no-probe"], ["status", "--enable", "echo-off"], ["rollback"]] {
            let result = try Command.netagent(arguments + common)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        // The bystander's constructor records its parent: a helper's parent is netagent; were it
        // loaded in netagent itself, its parent would be this test process.
        let lines = ((try? String(contentsOfFile: marker, encoding: .utf8)) ?? "").split(separator: "\n")
        #expect(lines.count == 3, "the bystander should be inspected once per command: \(lines)")
        #expect(!lines.contains { $0.contains("ppid \(getpid()) ") }, "\(lines)")
    }
}
