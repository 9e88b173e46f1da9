/// A transaction that failed; its entry says whether everything was restored.
public struct TransactionFailed: ErrorWithExitStatus, CustomStringConvertible {
    public let entry: JournalEntry

    /// `restoreFailed` when a knob could not be written back, else `failure`.
    public var exitStatus: ExitStatus { entry.state == .restoreFailed ? .restoreFailed : .failure }

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
