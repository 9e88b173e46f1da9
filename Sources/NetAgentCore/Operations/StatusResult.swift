/// What `StatusOperation` found: each enabled knob as ok, drifted or unsupported.
public struct StatusResult: Encodable, Sendable {
    /// One knob as `status` found it.
    public struct Knob: Encodable, Sendable {
        public enum State: String, Encodable, Sendable { case ok, drifted, unsupported }
        public let module: String
        public let key: String
        public let status: State
        public let current: String?
        public let desired: String
        public let reason: String?

        init(_ row: KnobRow) {
            module = row.module
            key = row.key
            current = row.current
            desired = row.desired
            reason = row.reason
            switch row.action {
            case .unchanged: status = .ok
            case .change: status = .drifted
            case .unsupported: status = .unsupported
            }
        }
    }

    public let hostname: String
    public let profile: String
    public let knobs: [Knob]
    /// How many knobs drifted.
    public let drifted: Int
    /// Transactions a crash left open; nil when the journal could not be listed.
    public let unfinishedTransactions: [Int]?
    /// The rows the knobs came from, for showing differences value by value.
    public let rows: [KnobRow]

    enum CodingKeys: String, CodingKey {
        case hostname, profile, knobs, drifted
        case unfinishedTransactions = "unfinished_transactions"
    }

    /// `checkFailed` when any knob drifted, else `success`.
    public var exitStatus: ExitStatus { drifted == 0 ? .success : .checkFailed }
}
