import FoundationEssentials

/// A request's config table as compact JSON text with sorted keys, which `config(as:)` decodes
/// into the module's own type.
enum ConfigText {
    static func of(_ config: [String: JSONValue]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(config), as: UTF8.self)
    }
}
