/// "Did you mean …?": the known name closest to a mistyped one, as git and cargo suggest.
public enum NameSuggestion {
    /// The name in `candidates` nearest to `name` by edit distance, when it is near enough to be
    /// a typo (one edit, or two in a name of five characters or more); nil otherwise.
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let limit = name.count >= 5 ? 2 : 1
        let scored = candidates.map { (candidate: $0, distance: editDistance(Array(name), Array($0))) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= limit else { return nil }
        return best.candidate
    }

    /// Levenshtein distance: insertions, deletions and substitutions of one character each.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
