import Testing

@testable import NetAgentCore

@Suite struct ConfigFileTests {
    let example = """
        profile = "aggressive"
        enable = ["bbr", "tcpconnect"]
        disable = ["nic"]

        [tcpconnect]
        targets = ["127.0.0.1:443", "[::1]:443"]
        count = 10

        [host."edge-*"]
        profile = "conservative"

        [host."edge-*".tcpconnect]
        count = 3
        """

    @Test func topLevelSettingsAreRead() throws {
        let config = try ConfigFile(text: example, path: "test.toml")
        #expect(config.base.profile == .aggressive)
        #expect(config.base.enable == ["bbr", "tcpconnect"])
        #expect(config.base.disable == ["nic"])
    }

    @Test func moduleTablesKeepValuesAsJSONWithTheirTOMLType() throws {
        let config = try ConfigFile(text: example, path: "test.toml")
        let table = try #require(config.base.moduleTables["tcpconnect"])
        #expect(table["count"] == ConfigValue(type: "integer", value: .integer(10)))
        #expect(table["targets"]?.type == "array")
        #expect(table["targets"]?.json.filter { $0 != " " && $0 != "\n" } == #"["127.0.0.1:443","[::1]:443"]"#)
    }

    @Test func hostSectionsAreReadWithTheirOwnModuleTables() throws {
        let config = try ConfigFile(text: example, path: "test.toml")
        #expect(config.hosts.count == 1)
        #expect(config.hosts[0].pattern == "edge-*")
        #expect(config.hosts[0].layer.profile == .conservative)
        #expect(config.hosts[0].layer.moduleTables["tcpconnect"]?["count"]?.json == "3")
    }

    @Test func aSyntaxErrorNamesTheFileLineAndColumn() {
        let error = #expect(throws: NetAgentError.self) {
            try ConfigFile(text: "profile = \"moderate\"\nenable = [\"bbr\"\n", path: "/etc/netagent/netagent.toml")
        }
        #expect(error?.message.hasPrefix("/etc/netagent/netagent.toml:") == true)
        let position = error?.message.split(separator: ":").dropFirst().prefix(2).map(String.init)
        #expect(position?.count == 2 && position!.allSatisfy { Int($0) != nil })
        #expect(error?.exitCode == .invalidConfig)
    }

    @Test func anUnknownTopLevelKeyIsNamedWithTheKeysThatExist() {
        let error = #expect(throws: NetAgentError.self) { try ConfigFile(text: "profil = \"moderate\"\n", path: "c.toml") }
        #expect(error?.message.contains("unknown key \"profil\"") == true)
        #expect(error?.message.contains("profile, enable, disable") == true)
    }

    @Test func anUnknownProfileListsTheValidOnes() {
        let error = #expect(throws: NetAgentError.self) { try ConfigFile(text: "profile = \"fast\"\n", path: "c.toml") }
        #expect(error?.message.contains("aggressive, moderate, conservative") == true)
    }

    @Test func enableMustBeAListOfNames() {
        #expect(throws: NetAgentError.self) { try ConfigFile(text: "enable = \"bbr\"\n", path: "c.toml") }
        #expect(throws: NetAgentError.self) { try ConfigFile(text: "enable = [1, 2]\n", path: "c.toml") }
    }

    @Test func aMissingExplicitConfigFileIsAnError() {
        let error = #expect(throws: NetAgentError.self) { try ConfigFile.load(path: "/nonexistent/netagent.toml") }
        #expect(error?.message.contains("/nonexistent/netagent.toml") == true)
    }

    @Test func anEmptyFileIsAValidConfig() throws {
        let config = try ConfigFile(text: "", path: "c.toml")
        #expect(config.base == ConfigLayer())
        #expect(config.hosts.isEmpty)
    }
}
