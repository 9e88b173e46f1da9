/// One transaction as recorded under `<state-dir>/journal/<id>.json`, written before its first knob write.
public struct JournalEntry: Codable, Sendable, Equatable {
    /// Where the transaction stands.
    public enum State: String, Codable, Sendable {
        /// Writing began and did not finish: the process died. `rollback` restores it.
        case open
        /// Every knob was written and verified.
        case applied
        /// A write failed and every knob already written was restored.
        case restored
        /// A write failed and restoring failed too: `error` and `restoreErrors` say where.
        case restoreFailed = "restore-failed"
        /// `rollback` restored every knob.
        case rolledBack = "rolled-back"
    }

    /// One knob the transaction changes.
    public struct Change: Codable, Sendable, Equatable {
        public let module: String
        public let key: String
        /// The value before, nil when absent: what rollback writes back.
        public let before: String?
        public let after: String?
    }

    /// Sequence number, 1 for the first transaction in this state directory.
    public let id: Int
    public var state: State
    /// When it started, ISO 8601 UTC.
    public let created: String
    public let hostname: String
    public let profile: String
    /// The `--root` it ran under.
    public let root: String
    /// In the order written; restored newest first.
    public let changes: [Change]
    /// Why it failed, if it did.
    public var error: String?
    /// Knobs that could not be restored, each with its reason.
    public var restoreErrors: [String]?

    enum CodingKeys: String, CodingKey {
        case id, state, created, hostname, profile, root, changes, error
        case restoreErrors = "restore_errors"
    }
}
