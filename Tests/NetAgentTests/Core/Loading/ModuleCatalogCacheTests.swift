import Foundation
import Glibc
import Testing

@testable import NetAgentCore

/// The catalog cache lets a command skip the inspecting helper for module files that have not
/// changed, and is never a way around an inspection or the trust check.
@Suite struct ModuleCatalogCacheTests {
    let modules: TemporaryDirectory
    let cacheDirectory: TemporaryDirectory
    let cache: ModuleCatalogCache

    init() throws {
        modules = try TemporaryDirectory()
        cacheDirectory = try TemporaryDirectory()
        cache = ModuleCatalogCache(directory: cacheDirectory.path)
    }

    /// The catalog of the module directory, read with the cache.
    func catalog() -> ModuleCatalog {
        ModuleDiscovery.catalog(
            from: [ModuleDirectory(path: modules.path, origin: "--module-path", onlyNetAgentLibraries: false)],
            helperPath: TestEnvironment.netagent, cache: cache)
    }

    func record(_ file: String) throws -> ModuleRecord {
        try #require(catalog().records.first { $0.path == modules.path + "/" + file })
    }

    /// Builds a fixture module and waits until a change to it can no longer share its change time.
    func buildSettled(_ file: String, defines: [String] = []) throws {
        try FixtureModule.build(file, in: modules.path, defines: defines)
        usleep(useconds_t(ModuleCatalogCache.settledNS / 1000) + 100_000)
    }

    /// The cache file as JSON.
    func cacheFile() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: cache.path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The paths the cache file holds records for.
    func cachedPaths() throws -> [String] {
        try (cacheFile()["entries"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
    }

    /// Rewrites every summary in the cache file, keeping its owner and mode: a record listed with
    /// this summary came from the cache, not from an inspection.
    func markCachedSummaries(_ summary: String) throws {
        var contents = try cacheFile()
        contents["entries"] = (contents["entries"] as? [[String: Any]] ?? []).map { entry in
            var entry = entry
            var record = entry["record"] as? [String: Any] ?? [:]
            record["summary"] = summary
            entry["record"] = record
            return entry
        }
        try JSONSerialization.data(withJSONObject: contents).write(to: URL(fileURLWithPath: cache.path))
    }

    @Test func anUnchangedModuleIsListedFromTheCache() throws {
        try buildSettled("good.so", defines: ["FIXTURE_NAME=\"cached\""])
        #expect(try record("good.so").summary == "loader test fixture")
        #expect(try cachedPaths() == [modules.path + "/good.so"])
        try markCachedSummaries("from the cache")
        let again = try record("good.so")
        #expect(again.summary == "from the cache")
        #expect(again.state == .loaded)
        #expect(again.name == "cached")
        #expect(again.origin == "--module-path")
    }

    @Test func aModuleRewrittenInPlaceIsInspectedAgain() throws {
        try buildSettled("good.so", defines: ["FIXTURE_NAME=\"before\""])
        _ = catalog()
        try markCachedSummaries("from the cache")
        let other = try TemporaryDirectory()
        try FixtureModule.build("other.so", in: other.path, defines: ["FIXTURE_NAME=\"after\""])
        // The same inode, new bytes: only the times (and perhaps the size) tell.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: other.path + "/other.so"))
        let handle = try #require(FileHandle(forWritingAtPath: modules.path + "/good.so"))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: bytes)
        try handle.close()
        let again = try record("good.so")
        #expect(again.name == "after")
        #expect(again.summary == "loader test fixture")
    }

    @Test func aModuleChangedJustBeforeItsInspectionIsNotKept() throws {
        try FixtureModule.build("fresh.so", in: modules.path)
        #expect(try record("fresh.so").state == .loaded)
        #expect(!FileManager.default.fileExists(atPath: cache.path))
    }

    @Test func aRefusedModuleIsInspectedEveryTime() throws {
        try buildSettled("good.so")
        try buildSettled("future-abi.so", defines: ["FIXTURE_MAJOR=2"])
        #expect(try record("future-abi.so").state == .refused)
        #expect(try cachedPaths() == [modules.path + "/good.so"])
        #expect(try record("future-abi.so").reason?.contains("ABI major 2") == true)
    }

    @Test func aModuleThatLeftTheSearchPathLeavesTheCache() throws {
        try buildSettled("a.so", defines: ["FIXTURE_NAME=\"first\""])
        try buildSettled("b.so", defines: ["FIXTURE_NAME=\"second\""])
        _ = catalog()
        #expect(try cachedPaths() == [modules.path + "/a.so", modules.path + "/b.so"])
        unlink(modules.path + "/a.so")
        _ = catalog()
        #expect(try cachedPaths() == [modules.path + "/b.so"])
    }

    @Test func aCacheFromAnotherInspectingProgramIsIgnored() throws {
        try buildSettled("good.so")
        _ = catalog()
        try markCachedSummaries("from the cache")
        var contents = try cacheFile()
        var stamp = try #require(contents["stamp"] as? [String: Any])
        var helper = try #require(stamp["helper"] as? [String: Any])
        helper["inode"] = 1
        stamp["helper"] = helper
        contents["stamp"] = stamp
        try JSONSerialization.data(withJSONObject: contents).write(to: URL(fileURLWithPath: cache.path))
        #expect(try record("good.so").summary == "loader test fixture")
    }

    @Test func aMalformedCacheIsIgnoredAndReplaced() throws {
        try buildSettled("good.so")
        try cacheDirectory.write("module-catalog.json", "{\"stamp\": [")
        #expect(try record("good.so").state == .loaded)
        #expect(try cachedPaths() == [modules.path + "/good.so"])
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "needs root to give the cache to another user"))
    func aCacheOwnedByAnotherUserIsIgnoredAndReplaced() throws {
        try buildSettled("good.so")
        _ = catalog()
        try markCachedSummaries("from the cache")
        chown(cache.path, 65534, 65534)
        #expect(try record("good.so").summary == "loader test fixture")
        var info = stat()
        #expect(stat(cache.path, &info) == 0 && info.st_uid == 0)
    }

    @Test func aGroupWritableCacheIsIgnored() throws {
        try buildSettled("good.so")
        _ = catalog()
        try markCachedSummaries("from the cache")
        chmod(cache.path, 0o664)
        #expect(try record("good.so").summary == "loader test fixture")
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "the trust rule applies only when running as root"))
    func theTrustCheckIsMadeEveryTimeACachedModuleIsListed() throws {
        try buildSettled("good.so")
        #expect(try record("good.so").state == .loaded)
        chmod(modules.path + "/good.so", 0o775)
        let refused = try record("good.so")
        #expect(refused.state == .refused)
        #expect(refused.reason?.contains("writable by group or others") == true)
    }

    @Test func aCacheDirectoryThatCannotBeMadeOnlyCostsTheCache() throws {
        try buildSettled("good.so")
        try cacheDirectory.write("file", "not a directory")
        let unusable = ModuleCatalogCache(directory: cacheDirectory.path + "/file/cache")
        let catalog = ModuleDiscovery.catalog(
            from: [ModuleDirectory(path: modules.path, origin: "--module-path", onlyNetAgentLibraries: false)],
            helperPath: TestEnvironment.netagent, cache: unusable)
        #expect(catalog.module(named: "fixture") != nil)
    }
}
