import Foundation
import Testing

/// `describe` shows each module's config keys from the schema the kit derives from the module's
/// `Decodable` config type, so every key a module reads is listed, typed and described.
@Suite struct DescribeTests {
    /// The names of the built-in modules this build found.
    func builtInModules() throws -> [String] {
        let list = try Command.netagent(["list-modules", "--json"]).json()
        let modules = try #require(list["modules"] as? [[String: Any]])
        return modules.filter { $0["origin"] as? String == "build folder" && $0["state"] as? String == "loaded" }.compactMap {
            $0["name"] as? String
        }
    }

    @Test func everyConfigKeyOfEveryBuiltInModuleHasATypeAndADescription() throws {
        let names = try builtInModules()
        #expect(names.count >= 12, "\(names)")
        var keys = 0
        for name in names {
            let description = try Command.netagent(["describe", name, "--json"])
            #expect(description.status == 0, "\(name): \(description.stderr)")
            for key in try description.json()["config"] as? [[String: Any]] ?? [] {
                keys += 1
                #expect(
                    ["string", "integer", "number", "boolean", "array", "object"].contains(key["type"] as? String ?? ""), "\(name): \(key)")
                #expect(!(key["description"] as? String ?? "").isEmpty, "\(name): \(key["key"] ?? "?") has no description")
            }
        }
        #expect(keys > 20, "the modules' config keys were not found")
    }

    @Test func aKeyTheModuleReadsIsAcceptedAndAKeyItDoesNotReadIsRefusedByName() throws {
        let directory = try TemporaryDirectory()
        try directory.write("good.toml", "[icmp]\ntos = 184\nsend_timestamp = \"user\"\n[http]\nverify_tls = false\n")
        try directory.write("bad.toml", "[icmp]\ntoss = 184\n")
        let good = try Command.netagent(["run", "--dry-run", "--enable", "icmp,http", "--config", directory.path + "/good.toml"])
        #expect(good.status == 0, "\(good.stderr)")
        let bad = try Command.netagent(["run", "--dry-run", "--enable", "icmp", "--config", directory.path + "/bad.toml"])
        #expect(bad.status == 4)
        #expect(bad.stderr.contains("unknown key \"toss\""), "\(bad.stderr)")
        #expect(bad.stderr.contains("send_timestamp, tos"), "the keys icmp reads are listed: \(bad.stderr)")
    }
}
