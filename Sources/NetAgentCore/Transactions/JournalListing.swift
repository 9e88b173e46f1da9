/// The journal's entry files: those that can be read, and those that cannot (damaged, or written
/// by another version), which commands report and otherwise leave alone.
public struct JournalListing: Sendable {
    /// An entry file that cannot be read.
    public struct Unreadable: Sendable {
        public let id: Int
        /// What is wrong with it, naming the file.
        public let reason: String
    }

    /// The readable entries, oldest first.
    public var entries: [JournalEntry]
    /// The unreadable entry files, oldest first.
    public var unreadable: [Unreadable]

    /// The newest unreadable entry when no readable entry is newer. Only that one may be a
    /// transaction a crash left open: `run` refuses to apply while any entry is open, so every
    /// later entry was made while the older ones were not.
    public var possiblyOpen: Unreadable? {
        guard let newest = unreadable.last, newest.id > (entries.last?.id ?? 0) else { return nil }
        return newest
    }
}
