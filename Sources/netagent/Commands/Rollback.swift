import ArgumentParser
import NetAgentCore

/// `netagent rollback`
struct Rollback: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore what a transaction changed, newest knob first, from the journal.",
        discussion: """
            Without an ID, rolls back the newest transaction that is applied, unfinished (a crash \
            stopped it) or failed to restore. Each knob is written back to its value before the \
            transaction and read back. --list shows the journal instead.

            A transaction whose knobs a later transaction changed again, and which is still \
            applied, is not rolled back alone: that would restore values the later one built on. \
            The error names the later transactions; roll them back first, or add --cascade to roll \
            them back too, newest first. A knob whose value now is neither what the transaction \
            set nor what it found was changed since, by hand or by another tool: nothing is \
            restored and each such knob is named, unless --force is given.

            Examples:
              netagent rollback            undo the newest transaction
              netagent rollback 3
              netagent rollback 3 --cascade
              netagent rollback --list --json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The transaction to roll back (see --list).")
    var id: Int?

    @Flag(help: "List the journal's transactions instead of rolling back.")
    var list = false

    @Flag(help: "Also roll back, newest first, the later transactions that changed the same knobs.")
    var cascade = false

    @Flag(help: "Restore knobs even where they were changed since the transaction (by hand or another tool).")
    var force = false

    func validate() throws {
        if list && id != nil { throw ValidationError("give either --list or a transaction ID, not both") }
        if list && (cascade || force) { throw ValidationError("--cascade and --force go with a rollback, not --list") }
    }

    func run() throws {
        try reportingFailures(json: global.json) {
            let environment = try CommandEnvironment(global)
            let journal = environment.journal()
            if list {
                let entries = try environment.warnAboutUnfinished().entries
                if global.json { Output.json(["transactions": entries]) } else { printList(entries) }
                return .success
            }
            let lock = try StateDirectory.lock(global.stateDir)
            let rolledBack = try withExtendedLifetime(lock) {
                let target = try id.map { try journal.entry(id: $0) } ?? newestUndoable(journal)
                let later = try journal.laterOverlapping(target)
                if !later.isEmpty && !cascade { throw laterTransactions(later, after: target) }
                let transaction = KnobTransaction(catalog: environment.catalog, journal: journal, context: environment.context)
                return try (later.reversed() + [target]).map { try transaction.rollback($0, force: force) }
            }
            let entry = rolledBack.last!
            if global.json {
                Output.json(RollbackReport(transaction: entry, cascaded: Array(rolledBack.dropLast())))
            } else {
                for entry in rolledBack {
                    print("transaction \(entry.id) rolled back: \(entry.changes.count) knob(s) restored")
                    Output.table(["MODULE", "KNOB", "RESTORED TO"], entry.changes.reversed().map {
                        [$0.module, $0.key, Output.cell($0.before ?? "(absent)")]
                    })
                }
            }
            return .success
        }
    }

    /// The refusal to roll back `target` alone while `later` transactions changed its knobs again.
    private func laterTransactions(_ later: [JournalEntry], after target: JournalEntry) -> NetAgentError {
        let ids = later.map { "\($0.id)" }
        let keys = Set(later.flatMap { $0.changes.map(\.key) }).intersection(target.changes.map(\.key)).sorted()
        return NetAgentError(
            "transaction\(ids.count > 1 ? "s" : "") \(ids.joined(separator: ", ")) changed \(keys.joined(separator: ", ")) again after transaction \(target.id) and \(ids.count > 1 ? "are" : "is") still applied; "
            + "roll \(ids.count > 1 ? "them" : "it") back first (newest first), or add --cascade to roll back \(ids.reversed().joined(separator: ", ")) and then \(target.id); nothing was restored")
    }

    private func newestUndoable(_ journal: Journal) throws -> JournalEntry {
        let listing = try journal.listing()
        if let unreadable = listing.possiblyOpen {
            throw NetAgentError("the newest journal entry, \(unreadable.id), cannot be read: \(unreadable.reason); give the transaction to roll back by its ID (see `netagent rollback --list`)")
        }
        guard let entry = listing.entries.last(where: \.isUndoable) else {
            throw NetAgentError("no transaction to roll back in \(journal.directory) (see `netagent rollback --list`)")
        }
        return entry
    }

    private func printList(_ entries: [JournalEntry]) {
        guard !entries.isEmpty else { return print("the journal is empty") }
        Output.table(["ID", "STATE", "CREATED", "PROFILE", "KNOBS", "ROOT"], entries.map {
            ["\($0.id)", $0.state.rawValue, $0.created, $0.profile, "\($0.changes.count)", $0.root]
        })
    }
}
