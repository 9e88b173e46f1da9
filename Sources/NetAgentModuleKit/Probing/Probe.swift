import FoundationEssentials

/// A probe measures targets and returns raw samples; the host computes every statistic.
public protocol Probe: Sendable {
    /// The module's metadata.
    var info: ModuleInfo { get }
    /// Measures every target of the request, one result per target in request order.
    func run(_ request: ProbeRequest, context: ModuleContext) throws -> [TargetResult]
}
