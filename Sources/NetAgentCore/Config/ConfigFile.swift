import FoundationEssentials
import NetAgentJSON
import TOMLKit

/// The parsed config file: `/etc/netagent/netagent.toml` or `--config FILE`.
///
/// ```toml
/// profile = "moderate"            # aggressive, moderate or conservative
/// enable = ["bbr", "tcpconnect"]  # modules to use; all found when absent
/// disable = ["nic"]               # modules never to use
/// [tcpconnect]                    # a module's table
/// targets = ["api.example.com:443"]
/// [host."edge-*"]                 # hosts matching the glob
/// profile = "aggressive"
/// [host."edge-*".tcpconnect]
/// targets = ["127.0.0.1:443"]
/// [agent]                         # netagent agent's settings (AgentSettings), top level only
/// on_drift = "reapply"
/// ```
public struct ConfigFile: Sendable, Equatable {
    /// The default location.
    public static let defaultPath = "/etc/netagent/netagent.toml"
    /// Keys the top level and host sections take, besides module tables.
    static let settingKeys = ["profile", "enable", "disable"]

    /// The file it came from, or nil for the empty config used when there is no file.
    public let path: String?
    public let base: ConfigLayer
    public let hosts: [HostSection]
    /// The `[agent]` table, defaults where it is absent.
    public let agent: AgentSettings

    /// An empty config: every module found, the default profile.
    public init() {
        path = nil
        base = ConfigLayer()
        hosts = []
        agent = AgentSettings()
    }

    /// Reads the config: `path` when given (it must exist), else the default path when it exists, else empty.
    public static func load(path: String?) throws -> ConfigFile {
        let chosen = path ?? defaultPath
        let contents: String?
        do {
            contents = try TextFile.read(chosen)
        } catch let error as NetAgentError {
            throw NetAgentError(error.message + " (the config must be a TOML file)", exitCode: .invalidConfig)
        }
        guard let text = contents else {
            if path == nil { return ConfigFile() }
            throw NetAgentError(
                "\(chosen): no such config file (omit --config to use \(defaultPath) when it exists)", exitCode: .invalidConfig)
        }
        return try ConfigFile(text: text, path: chosen)
    }

    /// Parses TOML text; errors name `path` and, for syntax errors, the line and column.
    public init(text: String, path: String) throws {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw NetAgentError(
                "\(path):\(error.source.begin.line):\(error.source.begin.column): \(error.description)",
                exitCode: .invalidConfig)
        }
        self.path = path
        var hosts: [HostSection] = []
        if let hostValue = table["host"] {
            guard let hostTable = hostValue.table else {
                throw NetAgentError("\(path): \"host\" must be a table of [host.\"glob\"] sections", exitCode: .invalidConfig)
            }
            for pattern in hostTable.keys {
                guard let section = hostTable[pattern]?.table else {
                    throw NetAgentError("\(path): host.\"\(pattern)\" must be a table", exitCode: .invalidConfig)
                }
                hosts.append(
                    HostSection(
                        pattern: pattern, layer: try Self.layer(section, path: path, context: "[host.\"\(pattern)\"]")))
            }
        }
        self.hosts = hosts
        if let agentValue = table["agent"] {
            guard let agentTable = agentValue.table else {
                throw NetAgentError("\(path): \"agent\" must be the [agent] table", exitCode: .invalidConfig)
            }
            agent = try AgentSettings(table: agentTable, path: path)
        } else {
            agent = AgentSettings()
        }
        base = try Self.layer(table, path: path, context: "top level", skipping: ["host", "agent"])
    }

    private static func layer(
        _ table: TOMLTable, path: String, context: String, skipping: Set<String> = []
    ) throws -> ConfigLayer {
        var layer = ConfigLayer()
        for key in table.keys where !skipping.contains(key) {
            let value = table[key]!
            switch key {
            case "profile":
                guard let text = value.string else { throw typeError(path, context, key, "a string") }
                layer.profile = try Profile(parsing: text, source: "\(path): \(context): profile")
            case "enable", "disable":
                let names = value.array?.compactMap(\.string) ?? []
                guard let array = value.array, names.count == array.count else {
                    throw typeError(path, context, key, "an array of module names")
                }
                if key == "enable" { layer.enable = names } else { layer.disable = names }
            default:
                guard let moduleTable = value.table else {
                    throw NetAgentError(
                        "\(path): \(context): unknown key \"\(key)\"; settings are \(settingKeys.joined(separator: ", ")), and each module has a [name] table",
                        exitCode: .invalidConfig)
                }
                var entries: [String: ConfigValue] = [:]
                for entryKey in moduleTable.keys {
                    let entry = moduleTable[entryKey]!
                    let wrapper = TOMLTable()
                    wrapper["v"] = entry
                    let json = wrapper.convert(to: .json, options: [])
                    guard let value = try? JSONDecoder().decode([String: JSONValue].self, from: Data(json.utf8))["v"] else {
                        throw NetAgentError(
                            "\(path): [\(key)] \(entryKey): a value netagent cannot pass on as JSON", exitCode: .invalidConfig)
                    }
                    entries[entryKey] = ConfigValue(type: typeName(entry.type), value: value)
                }
                layer.moduleTables[key] = entries
            }
        }
        return layer
    }

    private static func typeName(_ type: TOMLType) -> String {
        switch type {
        case .string: "string"
        case .int: "integer"
        case .double: "float"
        case .bool: "boolean"
        case .array: "array"
        case .table: "table"
        default: "\(type)"
        }
    }

    private static func typeError(_ path: String, _ context: String, _ key: String, _ expected: String) -> NetAgentError {
        NetAgentError("\(path): \(context): \(key) must be \(expected)", exitCode: .invalidConfig)
    }
}
