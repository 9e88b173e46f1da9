/// The phases a request goes through, by the names probes report them in `phases_ns` (curl's
/// cumulative times: each is measured from the attempt's start), in order. Declared here once,
/// for every probe that reports them; a probe's other phase names come after, alphabetically.
public enum RequestPhases {
    public static let dns = "dns"
    public static let connect = "connect"
    public static let tls = "tls"
    public static let firstByte = "ttfb"
    public static let total = "total"

    /// The known phases in the order a request goes through them.
    public static let order = [dns, connect, tls, firstByte, total]

    /// A sort key that puts known phases in request order and the others after them, alphabetically.
    public static func sortKey(_ name: String) -> String {
        order.firstIndex(of: name).map { "\($0)" } ?? "9" + name
    }
}
