import FoundationEssentials
import NetAgentSystem

/// Saves and loads baselines by name.
public struct BaselineStore: Sendable {
    public let directory: String

    public init(stateDirectory: String) {
        directory = stateDirectory + "/baselines"
    }

    /// Names are 1 to 64 characters of letters, digits, `.`, `_` and `-`, not starting with `.`:
    /// they become file names.
    public static func validate(_ name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard (1...64).contains(name.count), !name.hasPrefix("."), name.allSatisfy(allowed.contains) else {
            throw NetAgentError(
                "baseline name \"\(name)\": use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'",
                exitCode: .invalidConfig)
        }
    }

    public func save(_ baseline: Baseline) throws {
        try Self.validate(baseline.name)
        try DirectoryTree.create(directory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try TextFile.writeDurably(path(baseline.name), String(decoding: try encoder.encode(baseline), as: UTF8.self) + "\n")
    }

    public func load(_ name: String) throws -> Baseline {
        try Self.validate(name)
        guard let text = try TextFile.read(path(name)) else {
            let known = ((try? DirectoryEntries.names(in: directory)) ?? []).filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
                .sorted()
            throw NetAgentError(
                "no baseline \"\(name)\" in \(directory); saved: \(known.isEmpty ? "none (use probe --save-baseline NAME)" : known.joined(separator: ", "))",
                exitCode: .invalidConfig)
        }
        do {
            return try JSONDecoder().decode(Baseline.self, from: Data(text.utf8))
        } catch {
            throw NetAgentError("\(path(name)): not a baseline this netagent can read: \(error)")
        }
    }

    /// Compares `after` with the baseline, target by target.
    public static func compare(_ baseline: Baseline, _ after: [TargetReport], settings: ComparisonSettings) -> [ProbeComparison] {
        ProbeComparison.compare(before: baseline.targets, after: after, settings: settings)
    }

    private func path(_ name: String) -> String { "\(directory)/\(name).json" }
}
