import FoundationEssentials

/// Any JSON value, kept as text: lets a request carry a module's config table
/// without the kit knowing its shape.
struct RawJSON: Codable {
    /// The value re-encoded as compact JSON text, keys sorted.
    let text: String

    init(from decoder: Decoder) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        text = String(decoding: try encoder.encode(try JSONValue(from: decoder)), as: UTF8.self)
    }

    func encode(to encoder: Encoder) throws {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)).encode(to: encoder)
    }
}
