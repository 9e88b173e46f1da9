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

            Examples:
              netagent rollback            undo the newest transaction
              netagent rollback 3
              netagent rollback --list --json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The transaction to roll back (see --list).")
    var id: Int?

    @Flag(help: "List the journal's transactions instead of rolling back.")
    var list = false

    func validate() throws {
        if list && id != nil { throw ValidationError("give either --list or a transaction ID, not both") }
    }

    func run() throws {
        try reportingFailures(json: global.json) {
            let environment = try CommandEnvironment(global)
            let journal = environment.journal()
            if list {
                let entries = try journal.entries()
                if global.json { Output.json(["transactions": entries]) } else { printList(entries) }
                return .success
            }
            let lock = try StateDirectory.lock(global.stateDir)
            let entry = try withExtendedLifetime(lock) {
                let target = try id.map { try journal.entry(id: $0) } ?? newestUndoable(journal)
                return try KnobTransaction(catalog: environment.catalog, journal: journal, context: environment.context).rollback(target)
            }
            if global.json {
                Output.json(["transaction": entry])
            } else {
                print("transaction \(entry.id) rolled back: \(entry.changes.count) knob(s) restored")
                Output.table(["MODULE", "KNOB", "RESTORED TO"], entry.changes.reversed().map {
                    [$0.module, $0.key, Output.cell($0.before ?? "(absent)")]
                })
            }
            return .success
        }
    }

    private func newestUndoable(_ journal: Journal) throws -> JournalEntry {
        guard let entry = try journal.entries().last(where: { [.applied, .open, .restoreFailed].contains($0.state) }) else {
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
