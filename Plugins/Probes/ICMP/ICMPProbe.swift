import ICMPEcho
import NetAgentModuleKit

/// The icmp probe: echo RTT to many targets at once, with kernel timestamps.
struct ICMPProbe: Probe {
    let info = ModuleInfo(
        name: EchoProbeNames.icmp, version: "1.0.0",
        summary: "ICMP echo RTT to many targets in parallel, IPv4 and IPv6, kernel timestamps",
        config: EchoConfig.self, keys: EchoConfig.keys, targetsAtOnce: true, needsRawSockets: true)

    func run(_ request: ProbeRequest, context: ModuleContext) throws -> [TargetResult] {
        try EchoSession.run(targets: request.targets, options: EchoConfig.options(request), context: context).map(TargetResult.init)
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.probe(ICMPProbe()) }
