import Foundation
import Glibc
import Testing

@testable import NetAgentCore

/// The loader against fixture modules compiled by this test run.
@Suite struct ModuleLoaderTests {
    /// Inspects one directory of fixtures and returns the record of `file`.
    func record(_ file: String, in directory: TemporaryDirectory) throws -> ModuleRecord {
        let catalog = ModuleDiscovery.catalog(
            from: [ModuleDirectory(path: directory.path, origin: "--module-path", onlyNetAgentLibraries: false)],
            helperPath: TestEnvironment.netagent)
        return try #require(catalog.records.first { $0.path.hasSuffix("/" + file) })
    }

    @Test func aGoodModuleLoadsWithItsMetadata() throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.build("good.so", in: directory.path, defines: ["FIXTURE_NAME=\"good-one\""])
        let loaded = try record("good.so", in: directory)
        #expect(loaded.state == .loaded)
        #expect(loaded.name == "good-one")
        #expect(loaded.kind == .probe)
        #expect(loaded.abi == 1)
        #expect(loaded.summary == "loader test fixture")
    }

    @Test func aLargerStructSizeFromAFutureModuleLoadsAndTheTailIsIgnored() throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.build("future.so", in: directory.path, defines: ["FIXTURE_SIZE=(sizeof(netagent_module)+64)"])
        let loaded = try record("future.so", in: directory)
        #expect(loaded.state == .loaded)
    }

    /// A bad descriptor, as a fixture_module.c variant, and what its refusal must say.
    struct Refusal: Sendable, CustomTestStringConvertible {
        let defines: [String]
        let says: [String]
        var testDescription: String { defines.joined(separator: " ") }
    }

    static let refusals = [
        Refusal(defines: ["FIXTURE_MAJOR=2"], says: ["ABI major 2", "speaks ABI major 1"]),
        Refusal(defines: ["FIXTURE_SIZE=16"], says: ["struct_size 16 is smaller"]),
        Refusal(defines: ["FIXTURE_ENTRY=some_other_function"], says: ["no netagent_module_v1 symbol"]),
        Refusal(defines: ["FIXTURE_ENTRY=netagent_module_v2"], says: ["exports netagent_module_v2"]),
        Refusal(defines: ["FIXTURE_NAME=\"Bad\""], says: ["is not 1 to 32 characters"]),
        Refusal(defines: ["FIXTURE_NAME=\"has space\""], says: ["is not 1 to 32 characters"]),
        Refusal(defines: ["FIXTURE_NAME=\"\""], says: ["is not 1 to 32 characters"]),
        Refusal(defines: ["FIXTURE_NAME=\"a-name-that-is-longer-than-thirty-two\""], says: ["is not 1 to 32 characters"]),
        Refusal(defines: ["FIXTURE_NO_RUN"], says: ["leaves required functions NULL: run"]),
        Refusal(defines: ["FIXTURE_NO_FREE"], says: ["leaves required functions NULL: free_string"]),
    ]

    @Test(arguments: refusals)
    func aBadDescriptorIsRefusedSayingWhy(refusal: Refusal) throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.build("bad.so", in: directory.path, defines: refusal.defines)
        let refused = try record("bad.so", in: directory)
        #expect(refused.state == .refused)
        for text in refusal.says {
            #expect(refused.reason?.contains(text) == true, "\(refused.reason ?? "no reason")")
        }
    }

    @Test func aFileThatIsNotALibraryIsRefusedWithoutStoppingTheOthers() throws {
        let directory = try TemporaryDirectory()
        try directory.write("broken.so", "not an ELF file")
        try FixtureModule.build("good.so", in: directory.path)
        let catalog = ModuleDiscovery.catalog(
            from: [ModuleDirectory(path: directory.path, origin: "--module-path", onlyNetAgentLibraries: false)],
            helperPath: TestEnvironment.netagent)
        #expect(catalog.records.first { $0.path.hasSuffix("broken.so") }?.reason?.contains("dlopen failed") == true)
        #expect(catalog.module(named: "fixture") != nil)
    }

    @Test func theFirstModuleOfANameWinsAndLaterOnesAreShadowed() throws {
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        try FixtureModule.build("a.so", in: first.path, defines: ["FIXTURE_NAME=\"twin\""])
        try FixtureModule.build("b.so", in: second.path, defines: ["FIXTURE_NAME=\"twin\""])
        let catalog = ModuleDiscovery.catalog(
            from: [
                ModuleDirectory(path: first.path, origin: "--module-path", onlyNetAgentLibraries: false),
                ModuleDirectory(path: second.path, origin: "NETAGENT_MODULE_PATH", onlyNetAgentLibraries: false),
            ], helperPath: TestEnvironment.netagent)
        #expect(catalog.module(named: "twin")?.path == first.path + "/a.so")
        let shadowed = try #require(catalog.records.first { $0.path == second.path + "/b.so" })
        #expect(shadowed.state == .shadowed)
        #expect(shadowed.reason?.contains(first.path + "/a.so") == true)
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "the trust rule applies only when running as root"))
    func asRootAGroupWritableModuleIsRefused() throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.build("gw.so", in: directory.path)
        chmod(directory.path + "/gw.so", 0o775)
        let refused = try record("gw.so", in: directory)
        #expect(refused.state == .refused)
        #expect(refused.reason?.contains("writable by group or others") == true)
        #expect(refused.reason?.contains("chmod go-w") == true)
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "the trust rule applies only when running as root"))
    func asRootAModuleInAWorldWritableDirectoryIsRefused() throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.build("ok.so", in: directory.path)
        chmod(directory.path, 0o777)
        let refused = try record("ok.so", in: directory)
        #expect(refused.reason?.contains("directory \(directory.path) is writable") == true)
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "the trust rule applies only when running as root"))
    func asRootAModuleOwnedByAnotherUserIsRefused() throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.build("owned.so", in: directory.path)
        chown(directory.path + "/owned.so", 65534, 65534)
        let refused = try record("owned.so", in: directory)
        #expect(refused.reason?.contains("owned by uid 65534") == true)
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "the trust rule applies only when running as root"))
    func asRootASymlinkToAModuleOwnedByAnotherUserIsRefused() throws {
        let directory = try TemporaryDirectory()
        let elsewhere = try TemporaryDirectory()
        try FixtureModule.build("theirs.so", in: elsewhere.path)
        chown(elsewhere.path + "/theirs.so", 65534, 65534)
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/link.so", withDestinationPath: elsewhere.path + "/theirs.so")
        let refused = try record("link.so", in: directory)
        #expect(refused.state == .refused)
        #expect(refused.reason?.contains("\(elsewhere.path)/theirs.so is owned by uid 65534") == true)
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "the trust rule applies only when running as root"))
    func asRootARootOwnedModuleInAPrivateDirectoryLoads() throws {
        let directory = try TemporaryDirectory()
        try FixtureModule.build("fine.so", in: directory.path)
        #expect(try record("fine.so", in: directory).state == .loaded)
    }
}
