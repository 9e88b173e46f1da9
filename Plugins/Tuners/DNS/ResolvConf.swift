/// Edits the `options` line of a resolv.conf, keeping every other line and option.
enum ResolvConf {
    /// Options netagent manages; any other option (edns0, trust-ad, ...) is kept as it is.
    static let managed = ["timeout", "attempts", "rotate"]

    /// `content` with one `options` line holding the kept options followed by `desired`.
    /// Applying it twice gives the same text, so status can compare.
    static func withOptions(_ content: String, _ desired: [String]) -> String {
        var lines = content.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let isOptions = { (line: String) in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return words.first == "options"
        }
        let kept = lines.filter(isOptions)
            .flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst() }
            .map(String.init)
            .filter { option in !managed.contains(String(option.split(separator: ":").first ?? "")) }
        let line = (["options"] + kept + desired).joined(separator: " ")
        if let first = lines.firstIndex(where: isOptions) {
            lines[first] = line
            lines = lines.enumerated().filter { $0.offset == first || !isOptions($0.element) }.map(\.element)
        } else {
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
