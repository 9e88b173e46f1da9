import TOMLKit

/// The `[agent]` table: how `netagent agent` serves, schedules and guards the tuning.
///
/// ```toml
/// [agent]
/// listen = "127.0.0.1:9987"   # where GET /metrics and /healthz are served
/// probe_interval_s = 60       # each probe's period; a probe's table may set its own
/// drift_check_s = 60          # how often every applied knob is compared with its desired value
/// on_drift = "report"         # or "reapply": restore drifted knobs in a new transaction
/// on_stop = "keep"            # or "rollback": restore the tuning when the agent stops
/// journal_keep = 100          # journal entries kept; open and applied ones are never pruned
/// http_idle_timeout_s = 10    # a connection that sends nothing this long is closed
/// http_max_connections = 64   # more are closed as soon as they are accepted, and counted
/// ```
public struct AgentSettings: Sendable, Equatable {
    /// What to do when a knob drifted from its desired value.
    public enum DriftAction: String, Sendable, CaseIterable {
        /// Export `netagent_knob_drifted` = 1 and log it.
        case report
        /// Also restore it in a new journaled transaction (at most once per drift check).
        case reapply
    }

    /// What to do with the tuning when the agent stops.
    public enum StopAction: String, Sendable, CaseIterable {
        case keep
        /// Roll back the transaction the agent applied at start and those it applied since.
        case rollback
    }

    /// The default port. The Prometheus wiki's default port allocations page hands out
    /// 9100-9999 to exporters and that range has been full since 2023; 9987 is netagent's
    /// choice within it, to be claimed on that page (see docs/agent.md).
    public static let defaultPort = 9987

    /// The address `listen` binds: a private numeric IPv4 or IPv6 address (`PrivateAddress`).
    public var listenHost = "127.0.0.1"
    public var listenPort = defaultPort
    /// Each probe's period in seconds (0.01 to 86400), unless its table sets `probe_interval_s`.
    public var probeIntervalS = 60.0
    public var driftCheckS = 60
    public var onDrift = DriftAction.report
    public var onStop = StopAction.keep
    /// Journal entries kept after pruning (open and applied entries are kept besides).
    public var journalKeep = 100
    /// Seconds an HTTP connection may send nothing, a request header that stopped half-way
    /// included, before the server closes it (any connection is closed at 5 minutes old).
    public var httpIdleTimeoutS = 10
    /// HTTP connections open at once; one more is closed as soon as it is accepted.
    public var httpMaxConnections = 64

    /// The keys `[agent]` takes.
    static let keys = [
        "listen", "probe_interval_s", "drift_check_s", "on_drift", "on_stop", "journal_keep", "http_idle_timeout_s",
        "http_max_connections",
    ]

    public init() {}

    /// Reads `[agent]` from `table`; errors name `path`, the key and what it must be.
    init(table: TOMLTable, path: String) throws {
        func fail(_ key: String, _ expected: String) -> NetAgentError {
            NetAgentError("\(path): [agent] \(key) must be \(expected)", exitCode: .invalidConfig)
        }
        func seconds(_ key: String, upTo most: Int = 86_400) throws -> Int? {
            guard let value = table[key] else { return nil }
            guard let number = value.int, (1...most).contains(number) else { throw fail(key, "a whole number of seconds, 1 to \(most)") }
            return number
        }
        for key in table.keys where !Self.keys.contains(key) {
            throw NetAgentError(
                "\(path): [agent] unknown key \"\(key)\"; it takes \(Self.keys.joined(separator: ", "))", exitCode: .invalidConfig)
        }
        if let value = table["listen"] {
            guard let text = value.string, let (host, port) = Self.hostAndPort(text) else {
                throw fail("listen", "\"ADDRESS:PORT\" or \"[IPv6]:PORT\", such as \"127.0.0.1:\(Self.defaultPort)\"")
            }
            guard PrivateAddress.isPrivate(host) == true else {
                throw fail(
                    "listen",
                    "a private numeric address (loopback, 10/8, 172.16/12, 192.168/16, 100.64/10, link-local or fc00::/7), "
                        + "not \"\(host)\": /metrics has no authentication, so it is served on a private network only "
                        + "(a Prometheus elsewhere reaches it through a VPN or an SSH tunnel; see docs/agent.md)")
            }
            (listenHost, listenPort) = (host, port)
        }
        if let value = table["probe_interval_s"] {
            guard let period = value.double ?? value.int.map(Double.init), (0.01...86_400).contains(period) else {
                throw fail("probe_interval_s", "a number of seconds, 0.01 to 86400")
            }
            probeIntervalS = period
        }
        driftCheckS = try seconds("drift_check_s") ?? driftCheckS
        if let value = table["on_drift"] {
            guard let action = value.string.flatMap(DriftAction.init(rawValue:)) else {
                throw fail("on_drift", "\"report\" or \"reapply\"")
            }
            onDrift = action
        }
        if let value = table["on_stop"] {
            guard let action = value.string.flatMap(StopAction.init(rawValue:)) else { throw fail("on_stop", "\"keep\" or \"rollback\"") }
            onStop = action
        }
        httpIdleTimeoutS = try seconds("http_idle_timeout_s", upTo: 300) ?? httpIdleTimeoutS
        if let value = table["http_max_connections"] {
            guard let number = value.int, (1...4096).contains(number) else {
                throw fail("http_max_connections", "a whole number, 1 to 4096")
            }
            httpMaxConnections = number
        }
        if let value = table["journal_keep"] {
            guard let number = value.int, (1...100_000).contains(number) else { throw fail("journal_keep", "a whole number, 1 to 100000") }
            journalKeep = number
        }
    }

    /// "host:port" or "[v6]:port" split, nil when it is neither or the port is not 1 to 65535.
    static func hostAndPort(_ text: String) -> (String, Int)? {
        let host: Substring
        let port: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            port = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let number = Int(port), (1...65535).contains(number) else { return nil }
        return (String(host), number)
    }
}
