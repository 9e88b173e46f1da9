/// Prometheus exposition text put in a stable order, merged from several registries, and
/// rewritten as OpenMetrics when a scraper asks for it.
///
/// swift-prometheus emits families in the order of its hash tables, which changes from one
/// process to the next; a scrape diffed against the last one, or a test, needs the same order
/// every time. Families are sorted by name and the samples of a family by their labels; the
/// samples of one label set keep their order (a histogram's buckets, then sum and count).
public enum ExpositionText {
    /// The content type of the Prometheus text format.
    public static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"
    /// The content type of OpenMetrics text.
    public static let openMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8"

    /// One metric family: its HELP and TYPE lines and its samples.
    struct Family {
        var help: String?
        var type: String?
        var samples: [String] = []
    }

    /// `texts` merged into one exposition, families sorted by name. A family that appears in
    /// several texts (the same metric from two registries) becomes one, with every sample.
    public static func merged(_ texts: [String]) -> String {
        var families: [String: Family] = [:]
        for text in texts {
            var current: String?
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                    let rest = line.dropFirst(7)
                    let name = String(rest.prefix { $0 != " " })
                    current = name
                    if line.hasPrefix("# HELP ") { families[name, default: Family()].help = String(line) }
                    if line.hasPrefix("# TYPE ") { families[name, default: Family()].type = String(line) }
                } else if !line.hasPrefix("#") {
                    let name = current ?? String(line.prefix { $0 != "{" && $0 != " " })
                    families[name, default: Family()].samples.append(String(line))
                }
            }
        }
        var output = ""
        for name in families.keys.sorted() {
            let family = families[name]!
            if let help = family.help { output += help + "\n" }
            if let type = family.type { output += type + "\n" }
            for sample in stableSorted(family.samples) { output += sample + "\n" }
        }
        return output
    }

    /// The same exposition as OpenMetrics 1.0: a counter family is named without its `_total`
    /// suffix in HELP and TYPE (its samples keep it), and the text ends with `# EOF`.
    public static func openMetrics(_ text: String) -> String {
        var counters: Set<String> = []
        for line in text.split(separator: "\n") where line.hasPrefix("# TYPE ") && line.hasSuffix(" counter") {
            counters.insert(String(line.dropFirst(7).prefix { $0 != " " }))
        }
        var output = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                let name = String(line.dropFirst(7).prefix { $0 != " " })
                if counters.contains(name) && name.hasSuffix("_total") {
                    output += line.prefix(7) + name.dropLast(6) + line.dropFirst(7 + name.count) + "\n"
                    continue
                }
            }
            output += line + "\n"
        }
        return output + "# EOF\n"
    }

    /// Samples ordered by metric name and labels without `le`, keeping the order of equals.
    static func stableSorted(_ samples: [String]) -> [String] {
        // Each key is computed once, not at every comparison.
        let keyed = samples.enumerated().map { (key: seriesKey($0.element), offset: $0.offset, sample: $0.element) }
        return keyed.sorted { $0.key == $1.key ? $0.offset < $1.offset : $0.key < $1.key }.map(\.sample)
    }

    /// A sample's labels without `le` (so a histogram's lines of one series stay together), then
    /// its name without the histogram suffix.
    static func seriesKey(_ sample: String) -> String {
        let name = sample.prefix { $0 != "{" && $0 != " " }
        var base = Substring(name)
        for suffix in ["_bucket", "_sum", "_count"] where base.hasSuffix(suffix) {
            base = base.dropLast(suffix.count)
        }
        guard let open = sample.firstIndex(of: "{"), let close = sample.lastIndex(of: "}") else { return String(base) }
        let labels = sample[sample.index(after: open)..<close]
        let kept = splitLabels(labels).filter { !$0.hasPrefix("le=") }
        return kept.joined(separator: ",") + " " + base
    }

    /// `a="x",b="y,z"` split at the commas between labels, not inside quoted values.
    static func splitLabels(_ labels: Substring) -> [Substring] {
        var parts: [Substring] = []
        var start = labels.startIndex
        var quoted = false
        var escaped = false
        for index in labels.indices {
            let character = labels[index]
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                parts.append(labels[start..<index])
                start = labels.index(after: index)
            }
        }
        if start < labels.endIndex { parts.append(labels[start...]) }
        return parts
    }
}
