import NetAgentJSON

/// Runs one probe module and checks what it returns against what was asked.
public enum ProbeRunner {
    /// Measures `settings.targets` with `module`. The call's deadline covers the whole schedule plus one timeout.
    /// Throws, naming the probe and what to do, when `settings` has no targets.
    static func requireTargets(_ settings: ProbeSettings, of module: AvailableModule) throws {
        guard settings.targets.isEmpty else { return }
        throw NetAgentError(
            "probe \(module.name) has no targets: set targets = [...] in its [\(module.name)] table or pass --target",
            exitCode: .invalidConfig)
    }

    public static func run(
        _ module: AvailableModule, settings: ProbeSettings, config: [String: JSONValue], context: HostContext,
        helpers: PersistentHelpers? = nil
    ) throws -> [TargetReport] {
        try requireTargets(settings, of: module)
        let results = try ModuleHostProcess.run(
            module, requestJSON: ModuleCall.encode(settings.request(config: config)), timeoutMS: settings.budgetMS, context: context,
            helpers: helpers)
        guard results.map(\.target) == settings.targets else {
            throw NetAgentError(
                "module \(module.name): run returned results for \(results.map(\.target)) but was asked for \(settings.targets)")
        }
        return try results.map { result in
            for (name, samples) in [("samples", result.samplesNS)] + (result.phasesNS ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard samples.count <= settings.count else {
                    throw NetAgentError(
                        "module \(module.name): \(result.target) has \(samples.count) \(name); \(settings.count) were asked for")
                }
                // A phase may take 0 ns (no DNS lookup for an address); a round trip never does.
                let longest = Int64(settings.budgetMS) * 1_000_000
                let shortest: Int64 = name == "samples" ? 1 : 0
                if let bad = samples.compactMap({ $0 }).first(where: { $0 < shortest || $0 > longest }) {
                    let why =
                        bad < 0
                        ? "a negative time"
                        : bad == 0
                            ? "a time of 0 ns, which no round trip takes"
                            : "a time of \(bad) ns, longer than the whole run may take (\(settings.budgetMS) ms)"
                    throw NetAgentError("module \(module.name): \(result.target) has \(why) in \(name)")
                }
            }
            if let bad = result.counters?.first(where: { $0.value < 0 }) {
                throw NetAgentError("module \(module.name): \(result.target) has a negative counter \(bad.key)")
            }
            if let call = result.call, !(1...1000).contains(call.frameMS) || !(0...10_000).contains(call.jitterBufferMS ?? 0) {
                throw NetAgentError(
                    "module \(module.name): \(result.target) has a call with frame_ms \(call.frameMS) and jitter_buffer_ms \(call.jitterBufferMS ?? 0); expected 1 to 1000 and 0 to 10000"
                )
            }
            return TargetReport(module: module.name, raw: result)
        }
    }
}
