import Glibc
import NetAgentModuleKit

/// The tcpconnect probe: TCP handshake time to `host:port` targets.
struct TCPConnectProbe: Probe {
    let info = ModuleInfo(
        name: "tcpconnect", version: "1.0.0",
        summary: "TCP handshake time to host:port targets, IPv4 and IPv6")

    /// Runs `count` rounds; each round tries every target once, so all targets see the same conditions.
    func run(_ request: ProbeRequest, context: ModuleContext) throws -> [TargetResult] {
        var results = request.targets.map { TargetResult(target: $0, samplesNS: []) }
        // A malformed target is a mistake in the request (ModuleError.invalid), refused before
        // anything is measured; a name that does not resolve is that target's error.
        let hostPorts = try request.targets.map(HostPort.init(parsing:))
        let endpoints: [TCPHandshake?] = hostPorts.indices.map { index in
            do {
                return try TCPHandshake(resolving: hostPorts[index])
            } catch {
                results[index].error = (error as? ModuleError)?.message ?? "\(error)"
                return nil
            }
        }
        var progress = ProgressCounter()
        try Pacing.rounds(request.count, intervalMS: request.intervalMS, context) { _ in
            for (index, endpoint) in endpoints.enumerated() {
                guard let endpoint else { continue }
                do {
                    results[index].samplesNS.append(try endpoint.measure(timeoutMS: request.timeoutMS))
                    progress.record(answered: true, context)
                } catch let error as ModuleError {
                    results[index].samplesNS.append(nil)
                    progress.record(answered: false, context)
                    if !results[index].errors.contains(error.message) { results[index].errors.append(error.message) }
                }
            }
        }
        progress.finish(context)
        return results
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.probe(TCPConnectProbe()) }
