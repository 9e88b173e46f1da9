import NetAgentCore

/// One knob as `status` found it.
struct KnobStatus: Encodable {
    enum State: String, Encodable { case ok, drifted, unsupported }
    let module: String
    let key: String
    let status: State
    let current: String?
    let desired: String
    let reason: String?

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

/// The JSON of `status`.
struct StatusReport: Encodable {
    let hostname: String
    let profile: String
    let knobs: [KnobStatus]
    let drifted: Int
    let unfinishedTransactions: [Int]
    enum CodingKeys: String, CodingKey {
        case hostname, profile, knobs, drifted
        case unfinishedTransactions = "unfinished_transactions"
    }
}
