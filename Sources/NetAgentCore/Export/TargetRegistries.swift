import Prometheus
import Synchronization

/// Probe results' Prometheus registries, one per probe target, emitted as one exposition
/// (`ExpositionText.merged` joins each family's samples from all of them).
///
/// Why not one registry: swift-prometheus 2.4.1 copies a family's whole table of label sets
/// each time it adds one, so a registry filled with a series per target costs the square of
/// the targets (22 s for one `--prometheus` file of 4 096 targets, most of a core for an agent
/// probing them). A registry per target holds one label set per family, and adding costs the same
/// at every size.
final class TargetRegistries: Sendable {
    private let registries = Mutex<[String: PrometheusCollectorRegistry]>([:])

    init() {}

    /// The registry of `module`'s `target`, made on first use.
    func registry(module: String, target: String) -> PrometheusCollectorRegistry {
        registry(key: module + "\u{0}" + target)
    }

    /// The registry of what belongs to no one target, such as a probe run's failure.
    func registry(module: String) -> PrometheusCollectorRegistry {
        registry(key: module)
    }

    private func registry(key: String) -> PrometheusCollectorRegistry {
        registries.withLock { registries in
            if let registry = registries[key] { return registry }
            let registry = PrometheusCollectorRegistry()
            registries[key] = registry
            return registry
        }
    }

    /// Each registry's exposition text, for `ExpositionText.merged`.
    func emit() -> [[UInt8]] {
        let all = registries.withLock { Array($0.values) }
        return all.map { $0.emitToBuffer() }
    }
}
