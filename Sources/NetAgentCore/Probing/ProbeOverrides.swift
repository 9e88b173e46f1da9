/// What a caller sets for every probe it runs, over each probe's config table; nil keeps the table's value.
public struct ProbeOverrides: Sendable {
    public var targets: [String]?
    public var count: Int?
    public var intervalMS: Int?
    public var timeoutMS: Int?

    public init(targets: [String]? = nil, count: Int? = nil, intervalMS: Int? = nil, timeoutMS: Int? = nil) {
        self.targets = targets
        self.count = count
        self.intervalMS = intervalMS
        self.timeoutMS = timeoutMS
    }
}
