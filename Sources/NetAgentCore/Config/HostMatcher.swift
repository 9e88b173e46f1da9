import Glibc

/// Picks the `[host."glob"]` section for a hostname.
///
/// The rule: a pattern without wildcards (`*`, `?`, `[`) that equals the name wins outright;
/// otherwise, among the globs that match (`fnmatch(3)`), the one with the most literal
/// characters wins. Two matching globs equally specific are an error, because the file
/// would not say which one applies.
public enum HostMatcher {
    /// The section for `hostname`, or nil when none matches.
    public static func section(for hostname: String, in sections: [HostSection], path: String) throws -> HostSection? {
        let matching = sections.filter { fnmatch($0.pattern, hostname, 0) == 0 }
        guard let best = matching.max(by: { specificity($0.pattern) < specificity($1.pattern) }) else { return nil }
        let ties = matching.filter { specificity($0.pattern) == specificity(best.pattern) }
        if ties.count > 1 {
            let names = ties.map { "\"\($0.pattern)\"" }.sorted().joined(separator: " and ")
            throw NetAgentError(
                "\(path): host \(hostname) matches \(names) equally; make one pattern more specific",
                exitCode: .invalidConfig)
        }
        return best
    }

    /// An exact name ranks above every glob; a glob ranks by its count of literal characters.
    static func specificity(_ pattern: String) -> Int {
        let wildcards: Set<Character> = ["*", "?", "["]
        if !pattern.contains(where: wildcards.contains) { return Int.max }
        var literal = 0
        var inBracket = false
        for character in pattern {
            if character == "[" {
                inBracket = true
            } else if character == "]" {
                inBracket = false
            } else if !inBracket && character != "*" && character != "?" {
                literal += 1
            }
        }
        return literal
    }

    /// This machine's hostname, from `gethostname(2)`.
    public static func localHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
