import FoundationEssentials
import Glibc
import NetAgentSystem

/// The transaction journal: one fsync'd JSON file per transaction under `<state-dir>/journal/`.
public struct Journal: Sendable {
    /// The journal directory.
    public let directory: String

    /// The journal of a state directory. Nothing is created until the first entry is saved,
    /// so read-only commands work without write access to the state directory.
    public init(stateDirectory: String) {
        directory = stateDirectory + "/journal"
    }

    /// Every entry file, oldest first, read or not; none when the journal directory does not exist yet.
    public func listing() throws -> JournalListing {
        let found: [String]?
        do {
            found = try DirectoryEntries.names(in: directory)
        } catch {
            throw NetAgentError("\(directory): cannot list the journal: \(String(cString: strerror(error.code)))")
        }
        guard let names = found else { return JournalListing(entries: [], unreadable: []) }
        var listing = JournalListing(entries: [], unreadable: [])
        for id in names.compactMap({ name in name.hasSuffix(".json") ? Int(name.dropLast(5)) : nil }).sorted() {
            do {
                listing.entries.append(try entry(id: id))
            } catch let error as NetAgentError {
                listing.unreadable.append(JournalListing.Unreadable(id: id, reason: error.message))
            }
        }
        return listing
    }

    /// Every entry that can be read, oldest first.
    public func entries() throws -> [JournalEntry] {
        try listing().entries
    }

    /// The entry with `id`.
    public func entry(id: Int) throws -> JournalEntry {
        let path = path(of: id)
        guard let text = try TextFile.read(path) else {
            throw NetAgentError("no transaction \(id) in \(directory) (see `netagent rollback --list`)")
        }
        do {
            return try JSONDecoder().decode(JournalEntry.self, from: Data(text.utf8))
        } catch {
            throw NetAgentError("\(path): not a journal entry this netagent can read: \(error)")
        }
    }

    /// The undoable entries after `entry` that changed a knob it changed, or a knob one of them
    /// changed, oldest first: rolling `entry` back alone would restore values they built on.
    public func laterOverlapping(_ entry: JournalEntry) throws -> [JournalEntry] {
        var chain = [entry]
        for later in try entries() where later.id > entry.id && later.isUndoable {
            if chain.contains(where: { $0.overlaps(later) }) { chain.append(later) }
        }
        return Array(chain.dropFirst())
    }

    /// Deletes the temporary files a crash left while an entry was being saved. Called by
    /// `StateDirectory.lock` once the lock is held, so no other netagent is saving one.
    func removeLeftovers() throws {
        try TextFile.removeTemporaries(in: directory)
    }

    /// The id the next transaction gets, past unreadable entries too. Call with the state lock held.
    func nextID() throws -> Int {
        let listing = try listing()
        return max(listing.entries.last?.id ?? 0, listing.unreadable.last?.id ?? 0) + 1
    }

    /// Writes `entry` durably (temporary file, fsync, rename, fsync of the directory),
    /// creating the journal directory (mode 0700) on first use.
    func save(_ entry: JournalEntry) throws {
        try DirectoryTree.create(directory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let text = String(decoding: try encoder.encode(entry), as: UTF8.self) + "\n"
        try TextFile.writeDurably(path(of: entry.id), text)
    }

    /// Deletes entry `id` durably. Call with the state lock held.
    func remove(id: Int) throws {
        try TextFile.remove(path(of: id))
    }

    private func path(of id: Int) -> String { "\(directory)/\(id).json" }
}
