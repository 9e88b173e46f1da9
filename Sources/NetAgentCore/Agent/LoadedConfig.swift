/// The config the agent has in force and what follows from it: the selection and every probe's
/// checked settings.
public struct LoadedConfig: AgentConfig {
    public let config: ConfigFile
    public let selection: Selection
    public let probes: ProbeBatch.Plan

    public var settings: AgentSettings { config.agent }
    public var path: String? { config.path }

    /// Each probe with targets, every `probe_interval_s` of its table or else of `[agent]`.
    public var scheduledProbes: [ScheduledProbe] {
        probes.runs.map { module, probe in
            ScheduledProbe(
                name: module.name, periodNS: Int64((probe.probeIntervalS ?? settings.probeIntervalS) * 1e9), targets: probe.targets)
        }
    }
}
