/// What the agent loop reads of the config in force. A reload replaces it whole.
public protocol AgentConfig: Sendable {
    /// The config's `[agent]` table.
    var settings: AgentSettings { get }
    /// The probes to run, in the config's order.
    var scheduledProbes: [ScheduledProbe] { get }
    /// The config file it came from, for the log; nil when there is none.
    var path: String? { get }
}

/// One probe the agent runs periodically.
public struct ScheduledProbe: Sendable, Equatable {
    /// The module's name.
    public let name: String
    /// Nanoseconds between runs.
    public let periodNS: Int64
    /// Its targets, as the metrics label them.
    public let targets: [String]

    public init(name: String, periodNS: Int64, targets: [String]) {
        self.name = name
        self.periodNS = periodNS
        self.targets = targets
    }
}
