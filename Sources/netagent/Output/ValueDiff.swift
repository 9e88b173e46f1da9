import NetAgentCore

/// Shows how a multi-line knob (a file) would change, as `-`/`+` lines around what stays.
enum ValueDiff {
    /// Prints a diff for every row whose current or desired value spans several lines and differs.
    static func print(_ rows: [KnobRow]) {
        for row in rows where row.action == .change && ((row.current ?? "").contains("\n") || row.desired.contains("\n")) {
            Swift.print("\n--- \(row.key) (now)\n+++ \(row.key) (wanted)")
            for line in lines(from: row.current, to: row.desired) { Swift.print(line) }
        }
    }

    /// The old lines marked `-` and the new lines marked `+`, with the lines both share at the
    /// start and the end shown unmarked.
    static func lines(from old: String?, to new: String) -> [String] {
        let before = split(old ?? "")
        let after = split(new)
        var prefix = 0
        while prefix < min(before.count, after.count) && before[prefix] == after[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(before.count, after.count) - prefix
            && before[before.count - 1 - suffix] == after[after.count - 1 - suffix]
        { suffix += 1 }
        return before[..<prefix].map { "  " + $0 }
            + before[prefix..<(before.count - suffix)].map { "- " + $0 }
            + after[prefix..<(after.count - suffix)].map { "+ " + $0 }
            + after[(after.count - suffix)...].map { "  " + $0 }
    }

    private static func split(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
