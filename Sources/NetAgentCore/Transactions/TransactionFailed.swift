/// A transaction that failed; its entry says whether everything was restored.
public struct TransactionFailed: Error, CustomStringConvertible {
    public let entry: JournalEntry

    public var description: String {
        var text = "transaction \(entry.id) failed: \(entry.error ?? "restore failed")"
        if let restoreErrors = entry.restoreErrors {
            text += "\nthese knobs could NOT be restored and need attention:\n  " + restoreErrors.joined(separator: "\n  ")
        } else if entry.state == .restored {
            text += "\nevery knob it had written was restored; the system is as it was"
        }
        return text
    }
}
