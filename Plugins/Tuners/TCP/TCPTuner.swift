import NetAgentModuleKit

/// The tcp tuner: the latency sysctls of the TCP stack.
struct TCPTuner: StandardKnobTuner {
    let info = ModuleInfo(
        name: "tcp", version: "1.0.0",
        summary: "TCP latency sysctls: fast open, SACK, no slow start after idle, small unsent queue, no autocorking")

    /// One sysctl with its value under each profile.
    struct Setting {
        let name: String
        let value: PerProfile<String>
        let why: String
    }

    static let settings = [
        Setting(
            name: "net.ipv4.tcp_fastopen", value: PerProfile(all: "3"),
            why: "TCP Fast Open (client and server) sends data in the SYN and saves a round trip on reconnects"),
        Setting(
            name: "net.ipv4.tcp_sack", value: PerProfile(all: "1"),
            why: "selective ACKs recover several losses in one round trip instead of one loss per RTT"),
        Setting(
            name: "net.ipv4.tcp_slow_start_after_idle", value: PerProfile(all: "0"),
            why: "a stream that pauses between utterances keeps its congestion window instead of restarting slow"),
        Setting(
            name: "net.ipv4.tcp_notsent_lowat", value: PerProfile(aggressive: "16384", moderate: "65536", conservative: "131072"),
            why: "caps unsent data queued in the kernel, so fresh audio is not stuck behind stale bytes"),
        Setting(
            name: "net.ipv4.tcp_autocorking", value: PerProfile(all: "0"),
            why: "autocorking holds small writes back to merge them, adding delay to small audio frames"),
        Setting(
            name: "net.ipv4.tcp_low_latency", value: PerProfile(all: "1"),
            why: "asks the stack to prefer latency over throughput, on kernels before 4.14 that still honour it"),
    ]

    static var keys: [String] { settings.map { Sysctl.key($0.name) } }

    func plan(_ request: PlanRequest, context: ModuleContext) throws -> [Knob] {
        Self.settings.map { setting in
            Knob(
                key: Sysctl.key(setting.name), value: setting.value[request.profile], why: setting.why,
                unsupported: setting.name == "net.ipv4.tcp_low_latency" ? lowLatencyIgnoredReason(context) : nil)
        }
    }

    /// Linux 4.14 kept `tcp_low_latency` but made it do nothing: say so rather than pretend.
    private func lowLatencyIgnoredReason(_ context: ModuleContext) -> String? {
        guard let path = try? context.path("/proc/sys/kernel/osrelease"),
            let release = (try? KnobFile.read(path)).flatMap({ $0 })
        else { return nil }
        let numbers = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard numbers.count == 2, (numbers[0], numbers[1]) >= (4, 14) else { return nil }
        return "Linux \(numbers[0]).\(numbers[1]) ignores tcp_low_latency (it has had no effect since 4.14)"
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.tuner(TCPTuner()) }
