import NetAgentJSON

/// One value of a module table, with its TOML type for checking.
public struct ConfigValue: Sendable, Equatable {
    /// The TOML type: "string", "integer", "float", "boolean", "array", "table", or a date/time type.
    public let type: String
    /// The value as the module receives it.
    public let value: JSONValue

    /// The value as JSON text.
    public var json: String { (try? ModuleCall.encode(value)) ?? "null" }
}
