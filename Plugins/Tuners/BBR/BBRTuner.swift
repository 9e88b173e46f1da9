import NetAgentModuleKit

/// The bbr tuner: BBR congestion control with the fq qdisc it was designed with.
struct BBRTuner: StandardKnobTuner {
    static let congestionControl = Sysctl.key("net.ipv4.tcp_congestion_control")
    static let defaultQdisc = Sysctl.key("net.core.default_qdisc")
    static let keys = [congestionControl, defaultQdisc]

    let info = ModuleInfo(
        name: "bbr", version: "1.0.0",
        summary: "BBR congestion control and the fq qdisc: low queueing delay under load")

    func plan(_ request: PlanRequest, context: ModuleContext) throws -> [Knob] {
        [
            Knob(
                key: Self.congestionControl, value: "bbr",
                why: "BBR paces to the path's bandwidth instead of filling buffers, so queues and RTT stay low",
                unsupported: try bbrUnavailableReason(context),
                afterChange:
                    "only TCP connections opened from now on use bbr: long-lived streams keep the algorithm they started with (`ss -ti` shows it) until they reconnect, so restart the services that hold them"
            ),
            Knob(
                key: Self.defaultQdisc, value: "fq",
                why: "fq gives BBR per-flow pacing and keeps one bulk flow from delaying audio packets",
                afterChange:
                    "applies to qdiscs created from now on: an interface keeps its root qdisc until it is re-created (`tc qdisc replace dev IFACE root fq`, or a reboot)"
            ),
        ]
    }

    /// Why BBR cannot be set here, or nil when the kernel offers it.
    private func bbrUnavailableReason(_ context: ModuleContext) throws -> String? {
        guard let available = try Sysctl.information("net.ipv4.tcp_available_congestion_control", context: context) else {
            return "this kernel has no net.ipv4.tcp_available_congestion_control, so BBR cannot be chosen"
        }
        if available.split(separator: " ").contains("bbr") { return nil }
        return "bbr is not in tcp_available_congestion_control (\(available)); load it with `modprobe tcp_bbr`"
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.tuner(BBRTuner()) }
