import Testing

@testable import NetAgentCore

/// The order /metrics and `--prometheus` files are written in: families by name, samples by their
/// labels without `le`, a histogram's lines of one series kept together and in order.
@Suite struct ExpositionTextTests {
    /// The series key as the labels split at their commas make it: every label but `le`, joined.
    static func splitKey(_ sample: String) -> String {
        let bytes = Array(sample.utf8)[...]
        var base = String(decoding: bytes.prefix { $0 != UInt8(ascii: "{") && $0 != UInt8(ascii: " ") }, as: UTF8.self)
        for suffix in ["_bucket", "_sum", "_count"] where base.hasSuffix(suffix) { base.removeLast(suffix.count) }
        guard let open = bytes.firstIndex(of: UInt8(ascii: "{")), let close = bytes.lastIndex(of: UInt8(ascii: "}")) else { return base }
        let kept = ExpositionText.splitLabels(bytes[(open + 1)..<close]).filter { !$0.starts(with: Array("le=".utf8)) }
        return kept.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",") + " " + base
    }

    @Test(arguments: [
        #"netagent_probe_sent_total{module="icmp",target="10.0.0.1"} 10"#,
        #"netagent_probe_rtt_seconds_bucket{module="icmp",target="10.0.0.1",le="0.005"} 3"#,
        #"netagent_probe_rtt_seconds_bucket{module="icmp",target="10.0.0.1",le="+Inf"} 9"#,
        #"netagent_probe_rtt_seconds_sum{module="icmp",target="10.0.0.1"} 0.1"#,
        #"h_bucket{le="0.1"} 1"#,
        #"plain 1"#,
        #"empty{} 1"#,
        #"tricky{target="a,le=\"b\"",le="1"} 1"#,
        #"tricky{target="a,le=",le="1"} 1"#,
        #"tricky{le="1",target="x"} 1"#,
        #"tricky{target="x",le="1",zone="z"} 1"#,
        #"tricky{xle="1",le="2"} 1"#,
        #"tricky{target="x",} 1"#,
        #"tricky{target="x",,le="1"} 1"#,
        #"tricky{le="1",le="2"} 1"#,
        #"tricky{target="le=\"",le="1"} 1"#,
    ])
    func theSeriesKeyIsWhatSplittingTheLabelsGives(sample: String) {
        let key = ExpositionText.seriesKey(Array(sample.utf8)[...])
        #expect(String(decoding: key, as: UTF8.self) == Self.splitKey(sample))
    }

    @Test func bytesCompareAsLexicographicOrderDoes() {
        let keys: [[UInt8]] = ["", "a", "ab", "b", "a b", "a,b", "\u{7F}", "é"].map { Array($0.utf8) }
        for left in keys {
            for right in keys {
                let order = ExpositionText.compareBytes(left, right)
                #expect((order < 0) == left.lexicographicallyPrecedes(right) && (order == 0) == (left == right))
            }
        }
    }

    @Test func familiesAreSortedByNameAndAHistogramsLinesStayTogetherInOrder() {
        let first = """
            # HELP z_total Z.
            # TYPE z_total counter
            z_total{target="b"} 1
            z_total{target="a"} 2
            # HELP h_seconds H.
            # TYPE h_seconds histogram
            h_seconds_bucket{target="b",le="0.1"} 1
            h_seconds_bucket{target="b",le="+Inf"} 1
            h_seconds_sum{target="b"} 0.05
            h_seconds_count{target="b"} 1

            """
        let second = """
            # HELP h_seconds H.
            # TYPE h_seconds histogram
            h_seconds_bucket{target="a",le="0.1"} 0
            h_seconds_bucket{target="a",le="+Inf"} 2
            h_seconds_sum{target="a"} 0.4
            h_seconds_count{target="a"} 2

            """
        let merged = String(decoding: ExpositionText.merged([Array(first.utf8), Array(second.utf8)]), as: UTF8.self)
        #expect(
            merged == """
                # HELP h_seconds H.
                # TYPE h_seconds histogram
                h_seconds_bucket{target="a",le="0.1"} 0
                h_seconds_bucket{target="a",le="+Inf"} 2
                h_seconds_sum{target="a"} 0.4
                h_seconds_count{target="a"} 2
                h_seconds_bucket{target="b",le="0.1"} 1
                h_seconds_bucket{target="b",le="+Inf"} 1
                h_seconds_sum{target="b"} 0.05
                h_seconds_count{target="b"} 1
                # HELP z_total Z.
                # TYPE z_total counter
                z_total{target="a"} 2
                z_total{target="b"} 1

                """)
    }
}
