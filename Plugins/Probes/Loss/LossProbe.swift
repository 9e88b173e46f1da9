import ICMPEcho
import NetAgentModuleKit

/// The loss probe: a long, paced echo series shaped like an audio stream (1000 packets at
/// 20 ms, 50 per second), for the numbers that decide whether speech breaks up: loss, its
/// bursts (computed by the host from the lost attempts), reordering, duplicates and jitter.
struct LossProbe: Probe {
    let info = ModuleInfo(
        name: EchoProbeNames.loss, version: "1.0.0",
        summary: "Packet loss, loss bursts, reordering and jitter over a paced 50 pps echo series",
        config: EchoConfig.self,
        keys: EchoConfig.keys.merging([
            "count": .hostKey("echo requests per target (1000 = 20 s at 50 per second)", type: "integer", default: "1000"),
            "interval_ms": .hostKey("pause between requests: 20 ms paces like a 50 pps audio stream", type: "integer", default: "20"),
        ]) { own, _ in own }, targetsAtOnce: true, needsRawSockets: true)

    func run(_ request: ProbeRequest, context: ModuleContext) throws -> [TargetResult] {
        try EchoSession.run(targets: request.targets, options: EchoConfig.options(request), context: context).map(TargetResult.init)
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.probe(LossProbe()) }
