/// `netagent status` as one operation: read every knob the selection wants and say whether it
/// is as desired. Changes nothing; what `status` and the agent's drift check share.
public struct StatusOperation {
    private let selection: Selection
    private let context: HostContext
    private let stateDirectory: String
    /// Also verify the files that `run --persist` writes.
    private let persist: Bool

    public init(selection: Selection, context: HostContext, stateDirectory: String, persist: Bool) {
        self.selection = selection
        self.context = context
        self.stateDirectory = stateDirectory
        self.persist = persist
    }

    /// The knobs as found. `unfinishedTransactions` is nil when the journal cannot be listed (a
    /// user who is not root and root's journal, mode 0700): the knobs need no journal.
    public func run() throws -> StatusResult {
        let unfinished = try? Journal(stateDirectory: stateDirectory).entries().filter(\.isUnfinished).map(\.id)
        let rows = try KnobPlanner.plan(selection, context: context, persist: persist)
        let knobs = rows.map(StatusResult.Knob.init)
        return StatusResult(
            hostname: selection.hostname, profile: selection.profile.rawValue, knobs: knobs,
            drifted: knobs.filter { $0.status == .drifted }.count, unfinishedTransactions: unfinished, rows: rows)
    }
}
