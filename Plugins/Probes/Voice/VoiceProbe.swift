import ICMPEcho
import NetAgentModuleKit

/// The voice probe: a paced stream shaped like one direction of a call (a codec-sized packet
/// every frame, DSCP EF), over ICMP echo to any host that answers ping, or over UDP as RTP to an
/// echo reflector (`udp:host:port`: `netagent serve-echo`, netagent/echo.h). It returns one RTT per packet
/// and the call's shape; the host turns them into loss, loss bursts, jitter and the E-model's
/// R and MOS.
struct VoiceProbe: Probe {
    let info = ModuleInfo(
        name: "voice", version: "1.0.0",
        summary: "Call quality (E-model R and MOS) from a paced audio-shaped stream over ICMP or UDP echo",
        config: VoiceConfig.self, keys: VoiceConfig.keys, targetsAtOnce: true, needsRawSockets: true)

    func run(_ request: ProbeRequest, context: ModuleContext) throws -> [TargetResult] {
        let (options, call) = try VoiceConfig.parse(request)
        return try EchoSession.run(targets: request.targets, options: options, context: context).map { echo in
            var result = TargetResult(echo)
            if echo.error == nil { result.call = call }
            return result
        }
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.probe(VoiceProbe()) }
