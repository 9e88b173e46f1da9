import NetAgentCore
import Testing

/// "Did you mean …?" suggests only what is plausibly a typo of a known name.
@Suite struct NameSuggestionTests {
    static let modules = ["bbr", "buffers", "cpu", "dns", "http", "icmp", "tcp", "tcpconnect", "voice"]

    @Test(arguments: [("bbrr", "bbr"), ("icmpp", "icmp"), ("tcpconect", "tcpconnect"), ("voic", "voice"), ("bufers", "buffers")])
    func aNameOneOrTwoEditsAwaySuggestsTheKnownName(typed: String, expected: String) {
        #expect(NameSuggestion.closest(to: typed, in: Self.modules) == expected)
    }

    @Test(arguments: ["xyz", "nothing", "z"])
    func aNameFarFromEveryKnownNameSuggestsNothing(typed: String) {
        #expect(NameSuggestion.closest(to: typed, in: Self.modules) == nil)
    }
}
