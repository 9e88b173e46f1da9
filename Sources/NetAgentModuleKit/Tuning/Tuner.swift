import FoundationEssentials

/// A tuner lists the knobs it wants and reads or writes one knob at a time.
/// It changes nothing except in `write`; the host does diff, journal, verify and rollback.
public protocol Tuner: Sendable {
    /// The module's metadata.
    var info: ModuleInfo { get }
    /// The knobs wanted for a profile and config. Changes nothing.
    func plan(_ request: PlanRequest, context: ModuleContext) throws -> [Knob]
    /// The current value of a knob, nil when absent; throws `.unsupported` when the host lacks it.
    func read(key: String, context: ModuleContext) throws -> String?
    /// Sets a knob; nil makes it absent.
    func write(key: String, value: String?, context: ModuleContext) throws
}
