import Prometheus
import Synchronization

/// Probe results' Prometheus registries, each holding the series of at most `targetsPerRegistry`
/// targets, emitted as one exposition (`ExpositionText.merged` joins each family's samples from
/// all of them).
///
/// Why not one registry: swift-prometheus 2.4.1 copies a family's whole table of label sets
/// each time it adds one, so a registry filled with a series per target costs the square of
/// the targets (22 s for one `--prometheus` file of 4 096 targets, most of a core for an agent
/// probing them). Why not one per target: each registry writes every family's HELP and TYPE
/// lines and keeps its own tables, which at 16 384 targets cost 100 MB more and a third more
/// time. Groups of 64 keep adding a series at a constant cost and the overhead small.
final class TargetRegistries: Sendable {
    /// How many targets share one registry.
    static let targetsPerRegistry = 64

    private struct State {
        /// The registry of each module and target, and of each module's own series.
        var byKey: [String: PrometheusCollectorRegistry] = [:]
        /// Every registry, in the order made.
        var all: [PrometheusCollectorRegistry] = []
        /// The registry new targets go to, and how many targets it holds.
        var filling: (registry: PrometheusCollectorRegistry, targets: Int)?
    }

    private let state = Mutex(State())

    init() {}

    /// The registry of `module`'s `target`: the one being filled while it has room, else a new one.
    func registry(module: String, target: String) -> PrometheusCollectorRegistry {
        let key = module + "\u{0}" + target
        return state.withLock { state in
            if let registry = state.byKey[key] { return registry }
            var filling = state.filling ?? (PrometheusCollectorRegistry(), 0)
            if filling.targets == Self.targetsPerRegistry { filling = (PrometheusCollectorRegistry(), 0) }
            if filling.targets == 0 { state.all.append(filling.registry) }
            filling.targets += 1
            state.filling = filling
            state.byKey[key] = filling.registry
            return filling.registry
        }
    }

    /// The registry of what belongs to no one target, such as a probe run's failure.
    func registry(module: String) -> PrometheusCollectorRegistry {
        state.withLock { state in
            if let registry = state.byKey[module] { return registry }
            let registry = PrometheusCollectorRegistry()
            state.all.append(registry)
            state.byKey[module] = registry
            return registry
        }
    }

    /// Each registry's exposition text, for `ExpositionText.merged`.
    func emit() -> [[UInt8]] {
        let all = state.withLock { $0.all }
        return all.map { $0.emitToBuffer() }
    }
}
