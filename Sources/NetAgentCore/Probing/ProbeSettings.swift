import FoundationEssentials
import NetAgentJSON

/// How a probe is run: targets and schedule. Keys of every probe's table, read by the host.
public struct ProbeSettings: Sendable, Equatable {
    /// What each host key means, for `describe`.
    public static let descriptions: [String: String] = [
        "targets": "what to measure, in the probe's own syntax (host:port for tcpconnect)",
        "count": "attempts per target (1 to 100000)",
        "interval_ms": "pause between rounds of attempts, in milliseconds",
        "timeout_ms": "how long one attempt may take, in milliseconds",
        "probe_interval_s": "netagent agent: run this probe every probe_interval_s seconds (default: [agent] probe_interval_s)",
    ]

    /// Each host key's default, as JSON text.
    public static let defaults: [String: String] = [
        "targets": "[]", "count": "\(ProbeSettings().count)",
        "interval_ms": "\(ProbeSettings().intervalMS)", "timeout_ms": "\(ProbeSettings().timeoutMS)",
        "probe_interval_s": "\(Int(AgentSettings().probeIntervalS))",
    ]

    public var targets: [String]
    /// Attempts per target.
    public var count: Int
    /// Pause between attempts, in milliseconds.
    public var intervalMS: Int
    /// How long one attempt may take, in milliseconds.
    public var timeoutMS: Int
    /// The agent's period for this probe in seconds, when its table sets one.
    public var probeIntervalS: Double?
    /// True when the probe measures all the targets of a round at once (the module's
    /// `NETAGENT_FLAG_TARGETS_AT_ONCE`); the budget then does not grow with the targets.
    public var targetsAtOnce = false

    public init(targets: [String] = [], count: Int = 5, intervalMS: Int = 200, timeoutMS: Int = 1000) {
        self.targets = targets
        self.count = count
        self.intervalMS = intervalMS
        self.timeoutMS = timeoutMS
    }

    /// The settings from a probe's table, then the command line's non-nil values on top.
    public init(
        selection: Selection, module: AvailableModule,
        targets: [String]? = nil, count: Int? = nil, intervalMS: Int? = nil, timeoutMS: Int? = nil
    ) throws {
        let schema = try ModuleConfigSchema(json: module.configSchema, module: module.name)
        /// The config's value, else the module's schema default, else the host's default.
        func value<Value: Decodable>(_ key: String, _ type: Value.Type, _ fallback: Value) throws -> Value {
            let json = selection.value(key, for: module)?.json ?? schema.properties[key]?.defaultJSON
            guard let json else { return fallback }
            guard let value = try? JSONDecoder().decode(type, from: Data(json.utf8)) else {
                let expected =
                    type == [String].self
                    ? "a list of strings, such as [\"192.0.2.1\"]" : (type == Double.self ? "a number" : "a whole number")
                let source = selection.configPath.map { "\($0): " } ?? ""
                throw NetAgentError("\(source)[\(module.name)] \(key) must be \(expected)", exitCode: .invalidConfig)
            }
            return value
        }
        let defaults = ProbeSettings()
        targetsAtOnce = module.targetsAtOnce
        self.targets = try targets ?? value("targets", [String].self, [])
        self.count = try count ?? value("count", Int.self, defaults.count)
        self.intervalMS = try intervalMS ?? value("interval_ms", Int.self, defaults.intervalMS)
        self.timeoutMS = try timeoutMS ?? value("timeout_ms", Int.self, defaults.timeoutMS)
        if selection.value("probe_interval_s", for: module) != nil {
            let period = try value("probe_interval_s", Double.self, 0)
            guard (0.01...86_400).contains(period) else {
                throw NetAgentError("\(module.name): probe_interval_s must be 0.01 to 86400 seconds", exitCode: .invalidConfig)
            }
            probeIntervalS = period
        }
        guard (1...100_000).contains(self.count), (0...3_600_000).contains(self.intervalMS),
            (1...600_000).contains(self.timeoutMS)
        else {
            throw NetAgentError(
                "\(module.name): count must be 1 to 100000, interval_ms 0 to 3600000 and timeout_ms 1 to 600000",
                exitCode: .invalidConfig)
        }
        guard budgetMS <= Self.maximumBudgetMS else {
            let formula = targetsAtOnce ? "count x (interval_ms + timeout_ms)" : "count x (interval_ms + timeout_ms x targets)"
            throw NetAgentError(
                "\(module.name): \(formula) is \(budgetMS / 3_600_000) hours; one probe run may take at most \(Self.maximumBudgetMS / 3_600_000) hours (lower count, interval_ms or timeout_ms)",
                exitCode: .invalidConfig)
        }
    }

    /// The longest a probe run may be scheduled to take, in milliseconds: 24 hours.
    public static let maximumBudgetMS = 24 * 3_600_000

    /// How long the whole schedule may take, in milliseconds, plus one timeout for the last
    /// answers: the probe's deadline. Every round's pause and every attempt's timeout in turn;
    /// for a probe that measures a round's targets at once, one timeout per round.
    public var budgetMS: Int {
        count * (intervalMS + timeoutMS * (targetsAtOnce ? 1 : targets.count)) + timeoutMS
    }

    /// The request a probe's `run` receives, with the probe's own config table.
    func request(config: [String: JSONValue]) -> WireProbeRequest {
        WireProbeRequest(targets: targets, count: count, intervalMS: intervalMS, timeoutMS: timeoutMS, config: config)
    }
}
