/// `netagent rollback` as one operation: find the transaction (the newest undoable one when no id
/// is given), refuse to undo it under a later transaction that changed the same knobs unless
/// `cascade` rolls those back first (newest first), and restore, under the state lock.
public struct RollbackOperation {
    /// Roll back the later transactions that changed the same knobs too, newest first.
    public var cascade = false
    /// Restore knobs even where they were changed since the transaction.
    public var force = false

    private let catalog: ModuleCatalog
    private let context: HostContext
    private let stateDirectory: String

    public init(catalog: ModuleCatalog, context: HostContext, stateDirectory: String) {
        self.catalog = catalog
        self.context = context
        self.stateDirectory = stateDirectory
    }

    /// Rolls back transaction `id` (the newest undoable one when nil) and, with `cascade`, the
    /// later ones first; returns the entries as saved, in the order rolled back.
    public func run(id: Int?) throws -> [JournalEntry] {
        let transaction = try KnobTransaction(catalog: catalog, stateDirectory: stateDirectory, context: context)
        let journal = Journal(stateDirectory: stateDirectory)
        let target = try id.map { try journal.entry(id: $0) } ?? newestUndoable(journal)
        let later = try journal.laterOverlapping(target)
        if !later.isEmpty && !cascade { throw Self.laterTransactions(later, after: target) }
        return try (later.reversed() + [target]).map { try transaction.rollback($0, force: force) }
    }

    /// Rolls back every undoable transaction made under this root, newest first (what removing
    /// the package does); returns the entries as saved, in the order rolled back, none when
    /// nothing is applied. It stops at the first transaction that cannot be rolled back: the
    /// older ones may have changed the same knobs, so they stay applied too.
    public func runAll() throws -> [JournalEntry] {
        let transaction = try KnobTransaction(catalog: catalog, stateDirectory: stateDirectory, context: context)
        let listing = try Journal(stateDirectory: stateDirectory).listing()
        if let unreadable = listing.possiblyOpen {
            throw NetAgentError(
                "journal entry \(unreadable.id) cannot be read: \(unreadable.reason); roll back the others by their IDs (see `netagent rollback --list`); nothing was restored"
            )
        }
        var rolledBack: [JournalEntry] = []
        for entry in listing.entries.reversed() where entry.isUndoable && entry.root == context.root {
            do {
                rolledBack.append(try transaction.rollback(entry, force: force))
            } catch {
                let done =
                    rolledBack.isEmpty
                    ? "nothing was restored" : "transactions \(rolledBack.map { "\($0.id)" }.joined(separator: ", ")) were rolled back"
                throw NetAgentError(
                    "\(error)\n\(done); transaction \(entry.id) and the older ones stay applied", exitCode: ExitStatus(for: error))
            }
        }
        return rolledBack
    }

    /// The refusal to roll back `target` alone while `later` transactions changed its knobs again.
    private static func laterTransactions(_ later: [JournalEntry], after target: JournalEntry) -> NetAgentError {
        let ids = later.map { "\($0.id)" }
        let keys = Set(later.flatMap { $0.changes.map(\.key) }).intersection(target.changes.map(\.key)).sorted()
        let plural = ids.count > 1
        return NetAgentError(
            "transaction\(plural ? "s" : "") \(ids.joined(separator: ", ")) changed \(keys.joined(separator: ", ")) again after transaction \(target.id) and \(plural ? "are" : "is") still applied; "
                + "roll \(plural ? "them" : "it") back first (newest first), or add --cascade to roll back \(ids.reversed().joined(separator: ", ")) and then \(target.id); nothing was restored"
        )
    }

    private func newestUndoable(_ journal: Journal) throws -> JournalEntry {
        let listing = try journal.listing()
        if let unreadable = listing.possiblyOpen {
            throw NetAgentError(
                "the newest journal entry, \(unreadable.id), cannot be read: \(unreadable.reason); give the transaction to roll back by its ID (see `netagent rollback --list`)"
            )
        }
        guard let entry = listing.entries.last(where: \.isUndoable) else {
            throw NetAgentError("no transaction to roll back in \(journal.directory) (see `netagent rollback --list`)")
        }
        return entry
    }
}
