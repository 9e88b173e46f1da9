import Foundation
import Testing

@testable import NetAgentCore

/// The `--json` output of every command against its documented example in docs/json.md.
@Suite struct JSONSchemaTests {
    /// The JSON example under each `## heading` of docs/json.md.
    static var documented: [String: Any] {
        let text = (try? String(contentsOfFile: TestEnvironment.packageRoot + "/docs/json.md", encoding: .utf8)) ?? ""
        var examples: [String: Any] = [:]
        var heading = ""
        var block: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                heading = String(line.dropFirst(3))
            } else if line == "```json" {
                block = []
            } else if line == "```", let lines = block {
                examples[heading] = try? JSONSerialization.jsonObject(with: Data(lines.joined(separator: "\n").utf8))
                block = nil
            } else {
                block?.append(line)
            }
        }
        return examples
    }

    /// Objects whose keys are data (a phase name, a counter, a burst length), not fields.
    static let maps: Set<String> = ["histogram", "counters", "phases", "phases_ns"]

    /// Every key path in a JSON value: `a.b`, with `[]` for array elements and `*` for a map's keys.
    static func keyPaths(_ value: Any, prefix: String = "") -> Set<String> {
        if let object = value as? [String: Any] {
            let isMap = maps.contains(String(prefix.split(separator: ".").last ?? ""))
            return object.reduce(into: Set<String>()) { paths, entry in
                let key = isMap ? "*" : entry.key
                let path = prefix.isEmpty ? key : prefix + "." + key
                paths.insert(path)
                paths.formUnion(keyPaths(entry.value, prefix: path))
            }
        }
        if let array = value as? [Any] {
            return array.reduce(into: Set<String>()) { $0.formUnion(keyPaths($1, prefix: prefix + "[]")) }
        }
        return []
    }

    /// Runs `arguments`, expects it to exit `status` and print something, and every key it
    /// prints to be documented under `heading`.
    func expectDocumented(_ heading: String, _ arguments: [String], status: Int32 = 0) throws {
        let result = try Command.netagent(arguments + ["--json"])
        #expect(result.status == status, "\(arguments.first!) exited \(result.status): \(result.stderr)")
        let printed = Self.keyPaths(try result.json())
        #expect(!printed.isEmpty, "\(arguments.first!) printed no fields")
        let example = try #require(Self.documented[heading], "docs/json.md has no JSON example under ## \(heading)")
        // A field the example shows as "[same shape as probes]" is checked against probes' fields.
        let sameShape = (example as? [String: Any] ?? [:]).filter { ($0.value as? String)?.hasPrefix("[same shape as ") == true }
        let normalized = Set(
            printed.map { path in
                guard let field = sameShape.first(where: { path.hasPrefix($0.key + "[]") }) else { return path }
                let other = String((field.value as! String).dropFirst("[same shape as ".count).dropLast())
                return other + path.dropFirst(field.key.count)
            })
        let undocumented = normalized.subtracting(Self.keyPaths(example))
        #expect(undocumented.isEmpty, "\(arguments.first!) prints fields docs/json.md does not show: \(undocumented.sorted())")
    }

    func bbrTree() throws -> SysctlTree {
        try SysctlTree([
            "net.ipv4.tcp_congestion_control": "cubic",
            "net.ipv4.tcp_available_congestion_control": "reno cubic",
        ])
    }

    @Test func listModulesPrintsOnlyDocumentedFields() throws {
        let modules = try TemporaryDirectory()
        try FixtureModule.build("major.so", in: modules.path, defines: ["FIXTURE_MAJOR=7"])
        try expectDocumented("list-modules", ["list-modules", "--module-path", modules.path])
    }

    @Test func runAndStatusAndRollbackPrintOnlyDocumentedFields() throws {
        let tree = try SysctlTree([
            "net.ipv4.tcp_congestion_control": "cubic",
            "net.ipv4.tcp_available_congestion_control": "reno cubic bbr",
        ])
        let state = try TemporaryDirectory()
        let common = ["--enable", "bbr", "--root", tree.root, "--state-dir", state.path]
        try expectDocumented("run", ["run"] + common)
        try expectDocumented("status", ["status"] + common)
        try expectDocumented("rollback", ["rollback", "--list", "--root", tree.root, "--state-dir", state.path])
        try expectDocumented("rollback", ["rollback", "--root", tree.root, "--state-dir", state.path])
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "icmp needs a raw socket, or a ping_group_range this run may not change"))
    func runMeasurePrintsOnlyDocumentedFields() throws {
        let tree = try SysctlTree([
            "net.ipv4.tcp_congestion_control": "cubic",
            "net.ipv4.tcp_available_congestion_control": "reno cubic bbr",
        ])
        let state = try TemporaryDirectory()
        try state.write("netagent.toml", "[icmp]\ntargets = [\"127.0.0.1\"]\ncount = 5\ninterval_ms = 1\n")
        try expectDocumented(
            "run",
            [
                "run", "--measure", "--rounds", "2", "--enable", "bbr,icmp", "--root", tree.root, "--state-dir", state.path,
                "--config", state.path + "/netagent.toml",
            ])
    }

    @Test func describePrintsOnlyDocumentedFieldsForTunersAndProbes() throws {
        let tree = try bbrTree()
        try expectDocumented("describe", ["describe", "bbr", "--root", tree.root])
        try expectDocumented("describe", ["describe", "tcpconnect"])
    }

    @Test func probePrintsOnlyDocumentedFields() throws {
        let listener = try TCPListener()
        let closed = try closedTCPPort()
        try expectDocumented(
            "probe",
            [
                "probe", "--enable", "tcpconnect", "--count", "2", "--interval", "1",
                "--target", "127.0.0.1:\(listener.port)", "--target", "127.0.0.1:\(closed)",
                "--target", "x.invalid:1",
            ])
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "icmp needs a raw socket, or a ping_group_range this run may not change"))
    func icmpBaselinesAndComparisonsPrintOnlyDocumentedFields() throws {
        let state = try TemporaryDirectory()
        let icmp = ["probe", "--enable", "icmp", "--target", "127.0.0.1", "--count", "5", "--interval", "1", "--state-dir", state.path]
        try expectDocumented("probe", icmp + ["--save-baseline", "before"])
        try expectDocumented("probe", icmp + ["--compare", "before"])
    }

    @Test func errorsPrintOnlyDocumentedFields() throws {
        try expectDocumented("Errors", ["describe", "no-such-module"], status: 4)
    }

    @Test func aJournalEntryRoundTripsThroughItsDocumentedJSON() throws {
        let example = try #require((Self.documented["rollback"] as? [String: Any])?["transaction"])
        let data = try JSONSerialization.data(withJSONObject: example)
        let entry = try JSONDecoder().decode(JournalEntry.self, from: data)
        #expect(entry.state == .rolledBack)
        #expect(entry.changes.first?.before == "cubic")
        let again = try JSONDecoder().decode(JournalEntry.self, from: JSONEncoder().encode(entry))
        #expect(again == entry)
    }

    @Test func statisticsRoundTripThroughTheirDocumentedJSON() throws {
        let probe = try #require((Self.documented["probe"] as? [String: Any])?["targets"] as? [[String: Any]])
        let data = try JSONSerialization.data(withJSONObject: try #require(probe.first?["statistics"]))
        let statistics = try JSONDecoder().decode(SampleStatistics.self, from: data)
        #expect(statistics.sent == 2 && statistics.received == 1 && statistics.lossPercent == 50)
        #expect(try JSONDecoder().decode(SampleStatistics.self, from: JSONEncoder().encode(statistics)) == statistics)
    }
}
