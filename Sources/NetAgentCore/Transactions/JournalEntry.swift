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
    /// True from just before a rollback's first write until its outcome is saved: when set on
    /// an applied (or restore-failed) entry, the process died rolling it back, and the knob it
    /// was writing may hold anything. Absent otherwise.
    public var rollbackUnderWay: Bool?

    /// True when netagent stopped in the middle of writing it: applying it (open) or rolling it
    /// back. `run` refuses to apply until it is rolled back, and that rollback restores every
    /// knob, the half-written one too, without asking for --force.
    public var isUnfinished: Bool { state == .open || rollbackUnderWay == true }

    /// True while some of its changes may still be in place: open, applied or restore-failed.
    public var isUndoable: Bool {
        [.open, .applied, .restoreFailed].contains(state)
    }

    /// True when it and `other` changed a knob in common.
    func overlaps(_ other: JournalEntry) -> Bool {
        let knobs = Set(changes.map { "\($0.module)\u{0}\($0.key)" })
        return other.changes.contains { knobs.contains("\($0.module)\u{0}\($0.key)") }
    }

    enum CodingKeys: String, CodingKey {
        case id, state, created, hostname, profile, root, changes, error
        case restoreErrors = "restore_errors"
        case rollbackUnderWay = "rollback_under_way"
    }
}
