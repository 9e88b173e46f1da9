import FoundationEssentials

/// A module's config table declared once: the `Decodable` type the module reads it into, and a
/// `ConfigKey` (meaning, default) per key. The JSON Schema the host checks configs against is
/// derived from them: the names and JSON types come from decoding the type with a recording
/// decoder (`ConfigKeyRecorder`), the descriptions and defaults from the keys.
///
/// Declare each key of the config type as an optional (`let tos: Int?`), as a config table may
/// leave any key out; the module applies its default when it is absent. A description whose
/// key the type does not read is left out of the schema, and a key the type reads without a
/// description has none: `netagent describe` shows both, and the built-in modules' tests
/// require every key to be described.
public enum ConfigSchema {
    /// The JSON Schema (text) of `type`'s keys with `keys`' descriptions and defaults.
    public static func derive<Config: Decodable>(from type: Config.Type, keys: [String: ConfigKey]) -> String {
        var properties: [String: [String: JSONValue]] = [:]
        for (name, jsonType) in ConfigKeyRecorder.keys(of: type) {
            properties[name] = property(jsonType, keys[name])
        }
        for (name, key) in keys {
            if let hostType = key.hostType { properties[name] = property(hostType, key) }
        }
        let schema: JSONValue = .object([
            "type": .string("object"),
            "properties": .object(properties.mapValues { .object($0) }),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(schema)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    private static func property(_ type: String, _ key: ConfigKey?) -> [String: JSONValue] {
        var property: [String: JSONValue] = ["type": .string(type)]
        if let description = key?.description { property["description"] = .string(description) }
        if let json = key?.defaultJSON, let value = try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) {
            property["default"] = value
        }
        return property
    }
}
