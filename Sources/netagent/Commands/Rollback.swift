import ArgumentParser
import NetAgentCore

/// `netagent rollback`
struct Rollback: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore what a transaction changed, newest knob first, from the journal.",
        discussion: """
            Without an ID, rolls back the newest transaction that is applied, unfinished (a crash \
            stopped it) or failed to restore. Each knob is written back to its value before the \
            transaction and read back. --all rolls back every applied transaction, newest first (what \
            removing the package does). --list shows the journal instead.

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
              netagent rollback --all      restore the system as it was before netagent
              netagent rollback --list --json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The transaction to roll back (see --list).")
    var id: Int?

    @Flag(help: "List the journal's transactions instead of rolling back.")
    var list = false

    @Flag(help: "Roll back every applied transaction, newest first; stops at the first that cannot be.")
    var all = false

    @Flag(help: "Also roll back, newest first, the later transactions that changed the same knobs.")
    var cascade = false

    @Flag(help: "Restore knobs even where they were changed since the transaction (by hand or another tool).")
    var force = false

    func validate() throws {
        if list && id != nil { throw ValidationError("give either --list or a transaction ID, not both") }
        if list && (cascade || force || all) { throw ValidationError("--all, --cascade and --force go with a rollback, not --list") }
        if all && (id != nil || cascade) { throw ValidationError("--all rolls back every transaction: give no ID and no --cascade") }
    }

    func run() throws {
        try reportingFailures(json: global.json) {
            if !list { try global.requireRootToChangeSettings() }
            let environment = try CommandEnvironment(global)
            if list {
                let entries = try environment.warnAboutUnfinished().entries
                if global.json { Output.json(["transactions": entries]) } else { printList(entries) }
                return .success
            }
            var operation = RollbackOperation(catalog: environment.catalog, context: environment.context, stateDirectory: global.stateDir)
            operation.cascade = cascade
            operation.force = force
            let rolledBack = all ? try operation.runAll() : try operation.run(id: id)
            if global.json {
                if all {
                    Output.json(["transactions": rolledBack])
                } else {
                    Output.json(RollbackReport(transaction: rolledBack.last!, cascaded: Array(rolledBack.dropLast())))
                }
            } else {
                if rolledBack.isEmpty { print("nothing to roll back: no transaction is applied") }
                for entry in rolledBack {
                    print("transaction \(entry.id) rolled back: \(entry.changes.count) knob(s) restored")
                    Output.table(
                        ["MODULE", "KNOB", "RESTORED TO"],
                        entry.changes.reversed().map {
                            [$0.module, $0.key, Output.cell($0.before ?? "(absent)")]
                        })
                }
            }
            return .success
        }
    }

    private func printList(_ entries: [JournalEntry]) {
        guard !entries.isEmpty else { return print("the journal is empty") }
        Output.table(
            ["ID", "STATE", "CREATED", "PROFILE", "KNOBS", "ROOT"],
            entries.map {
                ["\($0.id)", $0.state.rawValue, $0.created, $0.profile, "\($0.changes.count)", $0.root]
            })
    }
}
