import NetAgentCore

/// The config the agent has in force and what follows from it: the selection and every probe's
/// checked settings. Replaced whole by a reload.
struct LoadedConfig: Sendable {
    let config: ConfigFile
    let selection: Selection
    let probes: ProbeBatch.Plan
    var settings: AgentSettings { config.agent }
}
