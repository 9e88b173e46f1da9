import Foundation
import Testing

/// `scripts/folder-graph.py --check`, which `make lint` runs over NetAgentCore: the real tree
/// passes, and a tree with an upward reference, a stale allowance or a folder of no layer fails.
@Suite struct CoreLayersTests {
    static let script = TestEnvironment.packageRoot + "/scripts/folder-graph.py"

    /// Checks a tree of `files` (path under the target: Swift text) against `layers`.
    static func check(layers: String, files: [String: String]) throws -> CommandResult {
        let directory = try TemporaryDirectory()
        for (path, text) in files {
            let full = directory.path + "/Target/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: false, encoding: .utf8)
        }
        try layers.write(toFile: directory.path + "/layers.txt", atomically: false, encoding: .utf8)
        return try Command.run(["python3", script, "--check", directory.path + "/layers.txt", directory.path + "/Target"])
    }

    static let lower = "struct Sample {}\n"
    static let upper = "public enum Report {\n    static let first = Sample()\n}\n"

    @Test func netAgentCoreKeepsItsLayers() throws {
        let result = try Command.run([
            "python3", Self.script, "--check", TestEnvironment.packageRoot + "/scripts/core-layers.txt",
            TestEnvironment.packageRoot + "/Sources/NetAgentCore",
        ])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func aReferenceDownwardPasses() throws {
        let files = ["Math/Sample.swift": Self.lower, "Reports/Report.swift": Self.upper]
        let result = try Self.check(layers: "Math\nReports\n", files: files)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func aReferenceUpwardFailsNamingTheFileAndTheType() throws {
        let files = [
            "Math/Sample.swift": "struct Sample {\n    // Report in a comment is no reference\n    let report: Report? = nil\n}\n",
            "Reports/Report.swift": Self.upper,
        ]
        let result = try Self.check(layers: "Math\nReports\n", files: files)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Math -> Reports: Math is below Reports"))
        #expect(result.stderr.contains("Sample.swift: Report"))
    }

    @Test func anAllowanceNoLongerNeededFails() throws {
        let result = try Self.check(
            layers: "Math\nReports\nMath -> Reports\n", files: ["Math/Sample.swift": Self.lower, "Reports/Report.swift": Self.upper])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Math -> Reports: no longer referenced; delete the line"))
    }

    @Test func aFolderOfNoLayerFails() throws {
        let result = try Self.check(layers: "Math\n", files: ["Math/Sample.swift": Self.lower, "Reports/Report.swift": Self.upper])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Reports: not in"))
    }
}
