import FoundationEssentials
import NetAgentJSON

/// The part of a module's JSON Schema the host checks: property names, types and descriptions.
public struct ModuleConfigSchema: Decodable, Sendable {
    /// One config key of the module.
    public struct Property: Decodable, Sendable {
        /// JSON Schema type: "string", "integer", "number", "boolean", "array" or "object".
        public let type: String?
        public let description: String?
        /// The value used when the key is absent, as JSON text.
        public let defaultJSON: String?

        enum CodingKeys: String, CodingKey { case type, description, `default` }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try? container.decode(String.self, forKey: .type)
            description = try? container.decode(String.self, forKey: .description)
            defaultJSON = (try? container.decode(JSONText.self, forKey: .default))?.text
        }
    }

    public let properties: [String: Property]

    /// Parses a module's schema; a schema the host cannot read names the module.
    public init(json: String?, module: String) throws {
        guard let json else {
            properties = [:]
            return
        }
        do {
            properties = try JSONDecoder().decode(Wrapper.self, from: Data(json.utf8)).properties ?? [:]
        } catch {
            throw NetAgentError("module \(module): its config_schema is not a JSON object with \"properties\": \(error)")
        }
    }

    private struct Wrapper: Decodable { let properties: [String: Property]? }

    /// True when a TOML value of `tomlType` fits JSON Schema type `schemaType`.
    static func accepts(schemaType: String?, tomlType: String) -> Bool {
        guard let schemaType else { return true }
        switch (schemaType, tomlType) {
        case ("string", "string"), ("integer", "integer"), ("number", "integer"), ("number", "float"),
            ("boolean", "boolean"), ("array", "array"), ("object", "table"):
            return true
        default:
            return false
        }
    }
}

/// A JSON scalar re-encoded to text, for schema defaults shown by `describe`.
private struct JSONText: Decodable {
    let text: String
    init(from decoder: Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let value = try? single.decode(Bool.self) {
            text = "\(value)"
        } else if let value = try? single.decode(Int64.self) {
            text = "\(value)"
        } else if let value = try? single.decode(Double.self) {
            text = "\(value)"
        } else if let value = try? single.decode(String.self) {
            text = "\"\(value)\""
        } else if let value = try? single.decode([String].self) {
            text = "[" + value.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        } else {
            text = "…"
        }
    }
}
