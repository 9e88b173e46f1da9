import Testing

@testable import NetAgentCore

@Suite struct KnobKeyTests {
    @Test(arguments: ["sysctl:net.ipv4.tcp_congestion_control", "file:/etc/security/limits.d/90-netagent.conf", "ethtool:eth0:gro"])
    func ordinaryKeysAreAccepted(key: String) throws {
        try KnobKey.validate(key: key, module: "m")
    }

    @Test(arguments: ["file:/etc/../etc/shadow", "sysctl:net..ipv4", "file:/proc/sys/../../root"])
    func keysWithDotDotAreRefused(key: String) {
        #expect(throws: NetAgentError.self) { try KnobKey.validate(key: key, module: "m") }
    }

    @Test(arguments: ["", "sysctl:a\u{0}b", "sysctl:a\nb", "sysctl:\u{7f}"])
    func emptyKeysAndControlCharactersAreRefused(key: String) {
        #expect(throws: NetAgentError.self) { try KnobKey.validate(key: key, module: "m") }
    }

    @Test func refusalsNameTheModuleAndTheKey() {
        let error = #expect(throws: NetAgentError.self) { try KnobKey.validate(key: "file:/../x", module: "evil") }
        #expect(error?.message.contains("evil") == true)
        #expect(error?.message.contains("file:/../x") == true)
    }

    @Test func aNewlineInASysctlValueIsRefused() {
        #expect(throws: NetAgentError.self) {
            try KnobKey.validate(value: "bbr\nfq", key: "sysctl:net.ipv4.tcp_congestion_control", module: "m")
        }
    }

    @Test func aFileKnobMayHoldSeveralLines() throws {
        try KnobKey.validate(value: "* soft nofile 1048576\n* hard nofile 1048576\n", key: "file:/etc/x.conf", module: "m")
    }

    @Test func aNulInAValueIsRefusedEvenForFiles() {
        #expect(throws: NetAgentError.self) { try KnobKey.validate(value: "a\u{0}b", key: "file:/etc/x", module: "m") }
    }

    @Test func anAbsentValueIsAccepted() throws {
        try KnobKey.validate(value: nil, key: "file:/etc/x", module: "m")
    }
}
