import Testing

@testable import NetAgentCore

@Suite struct HostMatcherTests {
    func sections(_ patterns: String...) -> [HostSection] {
        patterns.map { HostSection(pattern: $0, layer: ConfigLayer()) }
    }

    @Test func anExactNameBeatsEveryGlob() throws {
        let match = try HostMatcher.section(for: "edge-1", in: sections("edge-*", "edge-1", "*"), path: "f")
        #expect(match?.pattern == "edge-1")
    }

    @Test func theGlobWithMoreLiteralCharactersWins() throws {
        let match = try HostMatcher.section(for: "edge-eu-1", in: sections("*", "edge-*", "edge-eu-*"), path: "f")
        #expect(match?.pattern == "edge-eu-*")
    }

    @Test func noMatchingSectionGivesNil() throws {
        #expect(try HostMatcher.section(for: "db-1", in: sections("edge-*"), path: "f") == nil)
    }

    @Test func equallySpecificMatchesAreAnErrorNamingBoth() {
        let error = #expect(throws: NetAgentError.self) {
            try HostMatcher.section(for: "edge-1", in: sections("edge-?", "?dge-1"), path: "/etc/netagent/netagent.toml")
        }
        #expect(error?.message.contains("\"edge-?\"") == true)
        #expect(error?.message.contains("\"?dge-1\"") == true)
        #expect(error?.exitCode == .invalidConfig)
    }

    @Test func bracketExpressionsCountAsOneWildcard() {
        #expect(HostMatcher.specificity("web-[0-9]") == 4)
        #expect(HostMatcher.specificity("web-1") == Int.max)
    }
}
