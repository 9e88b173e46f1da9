import NetAgentCore

/// The JSON of `rollback`.
struct RollbackReport: Encodable {
    /// The transaction asked for, after rolling it back.
    let transaction: JournalEntry
    /// With --cascade: the later transactions rolled back before it, newest first.
    let cascaded: [JournalEntry]
}
