import Glibc

/// Prometheus exposition text put in a stable order, merged from several registries, and
/// rewritten as OpenMetrics when a scraper asks for it.
///
/// swift-prometheus emits families in the order of its hash tables, which changes from one
/// process to the next; a scrape diffed against the last one, or a test, needs the same order
/// every time. Families are sorted by name and the samples of a family by their labels; the
/// samples of one label set keep their order (a histogram's buckets, then sum and count).
///
/// The text is handled as UTF-8 bytes: the format's syntax is ASCII, and walking a `String`
/// character by character (grapheme by grapheme) made a scrape cost milliseconds.
public enum ExpositionText {
    /// The content type of the Prometheus text format.
    public static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"
    /// The content type of OpenMetrics text.
    public static let openMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8"

    private static let newline = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")
    private static let help = Array("# HELP ".utf8)
    private static let type = Array("# TYPE ".utf8)

    /// One metric family: its HELP and TYPE lines and its samples.
    struct Family {
        var help: ArraySlice<UInt8>?
        var type: ArraySlice<UInt8>?
        var samples: [ArraySlice<UInt8>] = []
    }

    /// `expositions` merged into one, families sorted by name. A family that appears in several
    /// (the same metric from two registries) becomes one, with every sample.
    public static func merged(_ expositions: [[UInt8]]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(expositions.reduce(0) { $0 + $1.count })
        forEachMergedLine(expositions) { line in
            output += line
            output.append(newline)
        }
        return output
    }

    /// Calls `body` with each line of `merged(expositions)` in order, without its newline, so
    /// a caller can write the text out without holding a second copy of it.
    static func forEachMergedLine<Failure: Error>(
        _ expositions: [[UInt8]], _ body: (ArraySlice<UInt8>) throws(Failure) -> Void
    ) throws(Failure) {
        var families: [[UInt8]: Family] = [:]
        for bytes in expositions {
            var current: [UInt8]?
            for line in bytes.split(separator: newline) {
                if line.starts(with: help) || line.starts(with: type) {
                    let name = Array(line.dropFirst(help.count).prefix { $0 != space })
                    current = name
                    if line.starts(with: help) {
                        families[name, default: Family()].help = line
                    } else {
                        families[name, default: Family()].type = line
                    }
                } else if line.first != UInt8(ascii: "#") {
                    let name = current ?? Array(line.prefix { $0 != UInt8(ascii: "{") && $0 != space })
                    families[name, default: Family()].samples.append(line)
                }
            }
        }
        for name in families.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let family = families[name]!
            for line in [family.help, family.type].compactMap({ $0 }) + stableSorted(family.samples) {
                try body(line)
            }
        }
    }

    /// The same exposition as OpenMetrics 1.0: a counter family is named without its `_total`
    /// suffix in HELP and TYPE (its samples keep it), and the text ends with `# EOF`.
    public static func openMetrics(_ exposition: [UInt8]) -> [UInt8] {
        let lines = exposition.split(separator: newline)
        let counterSuffix = Array(" counter".utf8)
        var counters: Set<[UInt8]> = []
        for line in lines where line.starts(with: type) && line.reversed().starts(with: counterSuffix.reversed()) {
            counters.insert(Array(line.dropFirst(type.count).prefix { $0 != space }))
        }
        let total = Array("_total".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(exposition.count + 8)
        for line in lines {
            if line.starts(with: help) || line.starts(with: type) {
                let name = Array(line.dropFirst(help.count).prefix { $0 != space })
                if counters.contains(name) && name.reversed().starts(with: total.reversed()) {
                    output += line.prefix(help.count) + name.dropLast(total.count) + line.dropFirst(help.count + name.count)
                    output.append(newline)
                    continue
                }
            }
            output += line
            output.append(newline)
        }
        return output + Array("# EOF\n".utf8)
    }

    /// Samples ordered by labels without `le`, then name, keeping the order of equals.
    static func stableSorted(_ samples: [ArraySlice<UInt8>]) -> [ArraySlice<UInt8>] {
        // Each key is computed once, not at every comparison.
        let keyed = samples.enumerated().map { (key: seriesKey($0.element), offset: $0.offset, sample: $0.element) }
        return keyed.sorted { left, right in
            switch compareBytes(left.key, right.key) {
            case 0: left.offset < right.offset
            case let order: order < 0
            }
        }.map(\.sample)
    }

    /// The byte order of `left` and `right` (negative, zero or positive, as memcmp's), a shorter
    /// one first where one starts the other: `lexicographicallyPrecedes`, a whole key at a time
    /// rather than a byte at a time (series keys share long prefixes).
    static func compareBytes(_ left: [UInt8], _ right: [UInt8]) -> Int {
        let common = min(left.count, right.count)
        let order = left.withUnsafeBytes { l in
            right.withUnsafeBytes { r in common == 0 ? 0 : memcmp(l.baseAddress!, r.baseAddress!, common) }
        }
        return order != 0 ? Int(order) : left.count - right.count
    }

    /// A sample's labels without `le` (so a histogram's lines of one series stay together), then
    /// its name without the histogram suffix.
    static func seriesKey(_ sample: ArraySlice<UInt8>) -> [UInt8] {
        var base = sample.prefix { $0 != UInt8(ascii: "{") && $0 != space }
        for suffix in histogramSuffixes where base.reversed().starts(with: suffix.reversed()) {
            base = base.dropLast(suffix.count)
        }
        guard let open = sample.firstIndex(of: UInt8(ascii: "{")), let close = sample.lastIndex(of: UInt8(ascii: "}")) else {
            return Array(base)
        }
        let labels = sample[(open + 1)..<close]
        var key: [UInt8] = []
        key.reserveCapacity(labels.count + 1 + base.count)
        if let kept = labelsWithoutLe(labels) {
            key += kept
        } else {
            for (index, label) in splitLabels(labels).filter({ !$0.starts(with: le) }).enumerated() {
                if index > 0 { key.append(UInt8(ascii: ",")) }
                key += label
            }
        }
        key.append(space)
        key += base
        return key
    }

    private static let histogramSuffixes = ["_bucket", "_sum", "_count"].map { Array($0.utf8) }
    private static let le = Array("le=".utf8)
    private static let leQuote = Array(#"le=""#.utf8)
    private static let commaLe = Array(",le=".utf8)

    /// The labels without `le`, found without splitting them, for the two shapes swift-prometheus
    /// writes: no `le` label (a counter, a gauge, a histogram's sum and count), or `le` last with
    /// a value without quotes (a bucket). Nil for any other shape, which `splitLabels` handles.
    static func labelsWithoutLe(_ labels: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard labels.last != UInt8(ascii: ",") else { return nil }
        guard let index = lastLabelStartingWithLeQuote(labels) else { return mayHoldLeLabel(labels) ? nil : labels }
        let quote = UInt8(ascii: "\"")
        let value = labels[(index + leQuote.count)...]
        guard value.last == quote, !value.dropLast().contains(quote) else { return nil }
        let kept = index == labels.startIndex ? labels[index..<index] : labels[..<(index - 1)]
        return mayHoldLeLabel(kept) ? nil : kept
    }

    /// Where the last label that starts with `le="` (at the start, or after a comma) begins.
    private static func lastLabelStartingWithLeQuote(_ labels: ArraySlice<UInt8>) -> Int? {
        var index = labels.endIndex - leQuote.count
        while index >= labels.startIndex {
            if (index == labels.startIndex || labels[index - 1] == UInt8(ascii: ","))
                && labels[index..<index + leQuote.count].elementsEqual(leQuote)
            {
                return index
            }
            index -= 1
        }
        return nil
    }

    /// Whether a label of `labels` may be named `le`: `le=` at the start or after a comma
    /// (which may also be inside a value: then the caller splits the labels to be sure).
    private static func mayHoldLeLabel(_ labels: ArraySlice<UInt8>) -> Bool {
        if labels.starts(with: le) { return true }
        var index = labels.startIndex
        while index + commaLe.count <= labels.endIndex {
            if labels[index..<index + commaLe.count].elementsEqual(commaLe) { return true }
            index += 1
        }
        return false
    }

    /// `a="x",b="y,z"` split at the commas between labels, not inside quoted values.
    static func splitLabels(_ labels: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var start = labels.startIndex
        var quoted = false
        var escaped = false
        for index in labels.indices {
            let byte = labels[index]
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == UInt8(ascii: ",") && !quoted {
                parts.append(labels[start..<index])
                start = index + 1
            }
        }
        if start < labels.endIndex { parts.append(labels[start...]) }
        return parts
    }
}
