/// One probe target's outcome: its raw samples and the host's statistics of them.
public struct TargetReport: Codable, Sendable {
    public let module: String
    public let target: String
    public let samplesNS: [Int64?]
    public let statistics: SampleStatistics
    /// Distinct reasons attempts failed.
    public let errors: [String]
    /// Set when the target could not be measured at all.
    public let error: String?

    enum CodingKeys: String, CodingKey {
        case module, target, statistics, errors, error
        case samplesNS = "samples_ns"
    }
}

/// Runs one probe module and checks what it returns against what was asked.
public enum ProbeRunner {
    /// Measures `settings.targets` with `module`. The call's deadline covers the whole schedule plus one timeout.
    public static func run(_ module: LoadedModule, settings: ProbeSettings, configJSON: String, context: HostContext) throws -> [TargetReport] {
        guard !settings.targets.isEmpty else {
            throw NetAgentError(
                "probe \(module.name) has no targets: set targets = [...] in its [\(module.name)] table or pass --target",
                exitCode: .invalidConfig)
        }
        let budgetMS = settings.count * (settings.intervalMS + settings.timeoutMS * settings.targets.count) + settings.timeoutMS
        let services = context.services(for: module, timeoutMS: budgetMS)
        let results = try module.run(requestJSON: settings.requestJSON(configJSON: configJSON), services: services)
        guard results.map(\.target) == settings.targets else {
            throw NetAgentError("module \(module.name): run returned results for \(results.map(\.target)) but was asked for \(settings.targets)")
        }
        return try results.map { result in
            guard result.samplesNS.count <= settings.count else {
                throw NetAgentError("module \(module.name): \(result.target) has \(result.samplesNS.count) samples; \(settings.count) were asked for")
            }
            if let bad = result.samplesNS.compactMap({ $0 }).first(where: { $0 < 0 }) {
                throw NetAgentError("module \(module.name): \(result.target) has a negative RTT (\(bad) ns)")
            }
            return TargetReport(
                module: module.name, target: result.target, samplesNS: result.samplesNS,
                statistics: SampleStatistics(samplesNS: result.samplesNS),
                errors: result.errors ?? [], error: result.error)
        }
    }
}
