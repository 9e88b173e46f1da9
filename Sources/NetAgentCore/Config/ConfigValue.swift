import TOMLKit

/// One value of a module table, kept as JSON text with its TOML type for checking.
public struct ConfigValue: Sendable, Equatable {
    /// The TOML type: "string", "integer", "float", "boolean", "array", "table", or a date/time type.
    public let type: String
    /// The value as JSON text, as the module receives it.
    public let json: String
}
