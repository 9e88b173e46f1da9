import Foundation
import Testing

/// docs/tuners.md against what each tuner plans under each profile, so the page cannot drift.
@Suite struct TunerDocumentationTests {
    static let profiles = ["aggressive", "moderate", "conservative"]

    /// The table rows of docs/tuners.md: first cell (the knob) to the aggressive, moderate and conservative cells.
    static func documentedRows() throws -> [String: [String]] {
        let text = try String(contentsOfFile: TestEnvironment.packageRoot + "/docs/tuners.md", encoding: .utf8)
        var rows: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.count >= 4 { rows[cells[0]] = Array(cells[1...3]) }
        }
        return rows
    }

    /// A tree where every single-valued knob is supported and limits' maxima are low.
    func supportedTree() throws -> TemporaryDirectory {
        let tree = try TemporaryDirectory()
        for (name, value) in [
            "net/ipv4/tcp_fastopen": "1", "net/ipv4/tcp_sack": "1", "net/ipv4/tcp_slow_start_after_idle": "1",
            "net/ipv4/tcp_notsent_lowat": "1", "net/ipv4/tcp_autocorking": "1", "net/ipv4/tcp_low_latency": "0",
            "net/ipv4/tcp_rmem": "1 1 1", "net/ipv4/tcp_wmem": "1 1 1", "net/core/rmem_max": "1", "net/core/wmem_max": "1",
            "net/core/rmem_default": "1", "net/core/wmem_default": "1", "net/ipv4/tcp_congestion_control": "cubic",
            "net/ipv4/tcp_available_congestion_control": "cubic bbr", "net/core/default_qdisc": "pfifo_fast",
            "kernel/osrelease": "4.9.0", "fs/file-max": "1", "fs/nr_open": "1",
        ] { try tree.write("proc/sys/" + name, value + "\n") }
        try tree.write("sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n")
        try tree.write("sys/kernel/mm/transparent_hugepage/defrag", "always [madvise] never\n")
        try tree.write("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "powersave\n")
        try tree.write("sys/devices/system/cpu/cpu0/cpufreq/energy_performance_preference", "power\n")
        return tree
    }

    @Test(arguments: ["tcp", "buffers", "bbr", "cpu", "thp", "limits"])
    func everyKnobIsDocumentedWithItsValuePerProfile(tuner: String) throws {
        let tree = try supportedTree()
        let described = try Command.netagent(["describe", tuner, "--root", tree.path, "--json"])
        let profiles = try #require(try described.json()["profiles"] as? [String: [[String: Any]]])
        let documented = try Self.documentedRows()
        for (column, profile) in Self.profiles.enumerated() {
            for knob in profiles[profile] ?? [] {
                let key = (knob["key"] as? String ?? "").replacingOccurrences(of: "/cpu0/", with: "/cpuN/")
                let value = knob["value"] as? String ?? ""
                let row = try #require(documented["`\(key)`"], "docs/tuners.md has no row for \(key)")
                // A drop-in's value is a file: its last line carries the setting.
                let shown = value.contains("\n") ? (value.split(separator: "\n").last.map(String.init) ?? value) : value
                let number = shown.split(separator: " ").last.map(String.init) ?? shown
                #expect(
                    row[column].contains("`\(shown)`") || row[column].contains("`\(number)`"),
                    "\(key) under \(profile) is \(shown), docs/tuners.md says \(row[column])")
            }
        }
    }

    @Test func theNICAndDNSKnobsAreDocumented() throws {
        let documented = try Self.documentedRows()
        for offload in ["gro", "gso", "tso", "lro"] {
            let values = documented["`ethtool:<interface>:\(offload)`"] ?? []
            #expect(!values.isEmpty, "\(offload) is not documented")
            #expect(values.allSatisfy { $0 == "`off`" })
        }
        #expect(
            documented["`file:/etc/resolv.conf`"] == [
                "`timeout:1 attempts:2 rotate`", "`timeout:2 attempts:2 rotate`", "`timeout:2 attempts:3`",
            ])
        #expect(documented["`file:/etc/systemd/resolved.conf.d/90-netagent.conf`"] != nil)
    }
}
