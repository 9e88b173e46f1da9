import FoundationEssentials
import Logging

/// Applies and rolls back knob changes as one transaction. This file is the whole contract:
///
/// 1. The caller has read current values and diffed them (`KnobPlanner`).
/// 2. The journal entry, listing every change with its value before, is saved and fsync'd
///    before the first write.
/// 3. Each knob is written, then read back and compared with what was written.
/// 4. On any failure, every knob already attempted is restored to its value before, newest first.
/// 5. The entry's final state is saved: applied, restored, or restore-failed.
///
/// A crash between 2 and 5 leaves the entry `open`; `rollback` restores it like any other. A
/// rollback marks the entry `rollback_under_way` before its first write, so a crash in the middle
/// of one is found the same way.
/// Only one transaction runs at a time: a `KnobTransaction` holds the state directory's lock
/// from its creation for as long as it exists, so a caller that measures, applies and rolls back
/// keeps one for the whole sequence.
public struct KnobTransaction {
    private let catalog: ModuleCatalog
    private let journal: Journal
    private let context: HostContext
    private let lock: StateLock

    /// Takes the lock of `stateDirectory` (failing at once, naming it, when another netagent holds it).
    public init(catalog: ModuleCatalog, stateDirectory: String, context: HostContext) throws {
        lock = try StateDirectory.lock(stateDirectory)
        self.catalog = catalog
        self.journal = Journal(stateDirectory: stateDirectory)
        self.context = context
    }

    /// Throws unless the journal is safe to apply on: no entry a crash left open, and no
    /// unreadable newest entry that may be one.
    public func requireNothingUnfinished() throws {
        let listing = try journal.listing()
        if let entry = listing.entries.first(where: \.isUnfinished) {
            throw NetAgentError(
                "transaction \(entry.id) was left unfinished; roll it back (`netagent rollback \(entry.id)`) before applying again")
        }
        if let entry = listing.possiblyOpen {
            throw NetAgentError(
                "journal entry \(entry.id) cannot be read and may be a transaction a crash left open: \(entry.reason); repair it or move it out of the journal before applying again"
            )
        }
    }

    /// Deletes the oldest journal entries beyond the newest `keep`, sparing every entry that can
    /// still be undone (open, applied, restore-failed: they hold the values rollback restores)
    /// and every entry that cannot be read. Returns the ids deleted, oldest first.
    public func pruneJournal(keep: Int) throws -> [Int] {
        let entries = try journal.listing().entries
        let prunable = entries.dropLast(keep).filter { !$0.isUndoable }.map(\.id)
        for id in prunable { try journal.remove(id: id) }
        return prunable
    }

    /// Writes every `change` row of the plan. Returns the saved entry, or nil when nothing needed changing.
    /// Throws `TransactionFailed` after restoring what it had written.
    public func apply(_ rows: [KnobRow], hostname: String, profile: Profile) throws -> JournalEntry? {
        let changes = rows.filter { $0.action == .change }.map {
            JournalEntry.Change(module: $0.module, key: $0.key, before: $0.current, after: $0.desired)
        }
        guard !changes.isEmpty else { return nil }
        let entry = JournalEntry(
            id: try journal.nextID(), state: .open, created: Date().ISO8601Format(), hostname: hostname,
            profile: profile.rawValue, root: context.root, changes: changes)
        try journal.save(entry)
        return try ModuleCallGuard.inTransaction(entry.id) { try write(changes, entry) }
    }

    /// Writes the changes of the saved, open `entry`; restores them all on any failure.
    private func write(_ changes: [JournalEntry.Change], _ entry: JournalEntry) throws -> JournalEntry {
        var entry = entry
        var attempted: [JournalEntry.Change] = []
        do {
            for change in changes {
                attempted.append(change)
                try set(change.key, of: change.module, to: change.after)
                context.logger.info("set", metadata: ["transaction": "\(entry.id)", "module": "\(change.module)", "knob": "\(change.key)"])
            }
            entry.state = .applied
            try journal.save(entry)
            return entry
        } catch {
            let restoreErrors = restore(attempted, transaction: entry.id, skippingUnchanged: true)
            entry.state = restoreErrors.isEmpty ? .restored : .restoreFailed
            entry.error = "\(error)"
            entry.restoreErrors = restoreErrors.isEmpty ? nil : restoreErrors
            try journal.save(entry)
            throw TransactionFailed(entry: entry)
        }
    }

    /// Restores every change of `entry` to its value before, newest first, and records the outcome.
    /// A knob whose value now is neither the transaction's `after` nor its `before` was changed
    /// since, by hand or by another tool: unless `force` is set, nothing is restored and the
    /// error names every such knob. An entry a crash left unfinished, open or in the middle of an
    /// earlier rollback, is restored whole: the knob being written when the process died may
    /// hold anything. (The caller checks later transactions: `Journal.laterOverlapping`.)
    public func rollback(_ entry: JournalEntry, force: Bool = false) throws -> JournalEntry {
        guard entry.isUndoable else {
            throw NetAgentError("transaction \(entry.id) is \(entry.state.rawValue); there is nothing to roll back")
        }
        guard entry.root == context.root else {
            throw NetAgentError("transaction \(entry.id) ran under --root \(entry.root); roll it back with --root \(entry.root)")
        }
        for change in entry.changes where catalog.module(named: change.module) == nil && change.module != PersistenceFiles.ownerName {
            throw NetAgentError(
                "transaction \(entry.id) changed \(change.key) through module \(change.module), which is not loaded now (see `netagent list-modules`); nothing was restored"
            )
        }
        if !force && !entry.isUnfinished {
            let conflicts = ModuleCallGuard.inTransaction(entry.id) { changedSince(entry) }
            guard conflicts.isEmpty else {
                throw NetAgentError(
                    "transaction \(entry.id): these knobs were changed after it, by hand or by another tool, and rollback would overwrite that:\n  "
                        + conflicts.joined(separator: "\n  ")
                        + "\nnothing was restored; check them, then add --force to restore the values from before the transaction anyway")
            }
        }
        var updated = entry
        updated.rollbackUnderWay = true
        try journal.save(updated)
        let restoreErrors = ModuleCallGuard.inTransaction(entry.id) {
            restore(entry.changes, transaction: entry.id, skippingUnchanged: false)
        }
        updated.state = restoreErrors.isEmpty ? .rolledBack : .restoreFailed
        updated.restoreErrors = restoreErrors.isEmpty ? nil : restoreErrors
        updated.rollbackUnderWay = nil
        try journal.save(updated)
        if !restoreErrors.isEmpty { throw TransactionFailed(entry: updated) }
        return updated
    }

    /// One line per knob of `entry` whose value now is neither its `after` nor its `before`.
    /// A knob that cannot be read is not counted: restoring writes it anyway.
    private func changedSince(_ entry: JournalEntry) -> [String] {
        func quoted(_ value: String?) -> String { value.map { "\"\($0)\"" } ?? "absent" }
        return entry.changes.compactMap { change in
            guard let now = currentIfReadable(change) else { return nil }
            guard now != change.after && now != change.before else { return nil }
            return
                "\(change.key): now \(quoted(now)); the transaction set \(quoted(change.after)), and before it was \(quoted(change.before))"
        }
    }

    /// Restores `changes` newest first and returns one message per knob that could not be
    /// restored. With `skippingUnchanged` (undoing a failed apply), knobs that read back at their
    /// value before are left alone, such as the one whose write failed; a knob that cannot be
    /// read is written anyway. A rollback writes every knob: after a crash, that also deletes the
    /// temporary files the crash left beside file knobs.
    private func restore(_ changes: [JournalEntry.Change], transaction: Int, skippingUnchanged: Bool) -> [String] {
        var errors: [String] = []
        for change in changes.reversed() {
            do {
                if skippingUnchanged && currentIfReadable(change) == .some(change.before) { continue }
                try set(change.key, of: change.module, to: change.before)
                context.logger.info(
                    "restored", metadata: ["transaction": "\(transaction)", "module": "\(change.module)", "knob": "\(change.key)"])
            } catch {
                errors.append("\(change.key): \(error)")
            }
        }
        return errors
    }

    /// The knob's value now (`.some(nil)` when absent), or nil when it cannot be read.
    private func currentIfReadable(_ change: JournalEntry.Change) -> String?? {
        do {
            return .some(try owner(change.module).read(key: change.key, context: context))
        } catch {
            return nil
        }
    }

    private func owner(_ name: String) throws -> KnobOwner {
        guard let owner = try catalog.owner(named: name) else {
            throw NetAgentError("module \(name) is not loaded")
        }
        return owner
    }

    /// Writes one knob and reads it back; throws when the value read back differs.
    private func set(_ key: String, of ownerName: String, to value: String?) throws {
        let owner = try owner(ownerName)
        try KnobKey.validate(key: key, module: ownerName)
        try KnobKey.validate(value: value, key: key, module: ownerName)
        try owner.write(key: key, value: value, context: context)
        let readBack = try owner.read(key: key, context: context)
        guard readBack == value else {
            throw NetAgentError(
                "\(key): wrote \(value.map { "\"\($0)\"" } ?? "absent") but read back \(readBack.map { "\"\($0)\"" } ?? "absent"); the kernel or file did not keep it"
            )
        }
    }
}
