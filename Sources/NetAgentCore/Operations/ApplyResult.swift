/// What `ApplyOperation` did: the plan, the transaction, the probes before and after, their
/// comparison, and the verdict. Nothing in it is printed by Core; the CLI and the agent render it.
public struct ApplyResult: Sendable {
    /// How the run ended.
    public enum Verdict: Sendable {
        /// Every knob was set (or nothing needed changing: `transaction` is nil), and every probe answered.
        case applied
        /// The transaction failed; its entry says whether everything was restored.
        case transactionFailed(TransactionFailed)
        /// `rollbackIfWorse`: this target got significantly worse, and the transaction was rolled back.
        case rolledBackWorse(RoundComparison)
        /// The transaction (if any) stands, but at least one probe failed; the others' results stand.
        case probesFailed
    }

    /// The knobs of the selection: current, desired and what was done.
    public var knobs: [KnobRow] = []
    /// The journal entry written, nil when nothing needed changing.
    public var transaction: JournalEntry?
    /// With `measure`: the probes' results before applying, in the first round.
    public var before: [TargetReport]?
    /// The probes' results after applying (in the last round).
    public var probes: [TargetReport] = []
    public var skippedProbes: [SkippedProbe] = []
    public var failedProbes: [FailedProbe] = []
    /// With `measure`: the rounds compared, per target.
    public var comparisons: [RoundComparison]?
    /// Knobs that a file cannot keep across a reboot (`persist`): a boot-time run must re-apply them.
    public var notPersisted: [KnobRow] = []
    public var verdict: Verdict = .applied

    /// The exit status this outcome maps to.
    public var exitStatus: ExitStatus {
        switch verdict {
        case .applied: return .success
        case .transactionFailed(let failure): return ExitStatus(for: failure)
        case .rolledBackWorse: return .rolledBackWorse
        case .probesFailed: return transaction == nil ? .failure : .appliedButFailed
        }
    }
}
