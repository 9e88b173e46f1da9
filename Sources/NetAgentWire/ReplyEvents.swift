/// The replies that did not count as answers, by the names echo probes report them in `counters`
/// (the ICMP echo engine's): declared here once for the host's exporter and tables, like the
/// phases in `RequestPhases`.
public enum ReplyEvents {
    public static let duplicates = "duplicates"
    public static let reordered = "reordered"
    public static let late = "late"
    public static let corrupt = "corrupt"
    /// Duplicates counted while the responsiveness probe's load ran.
    public static let loadedDuplicates = "loaded_duplicates"

    /// The events in the order tables show them.
    public static let all = [duplicates, reordered, late, corrupt]
}
