import FoundationEssentials

/// Any JSON value, kept as text: lets a request carry a module's config table
/// without the kit knowing its shape.
struct RawJSON: Codable {
    /// The value re-encoded as compact JSON text.
    let text: String

    private indirect enum Value: Codable {
        case null, bool(Bool), number(Double), integer(Int64), string(String)
        case array([Value]), object([String: Value])

        init(from decoder: Decoder) throws {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { self = .null }
            else if let value = try? single.decode(Bool.self) { self = .bool(value) }
            else if let value = try? single.decode(Int64.self) { self = .integer(value) }
            else if let value = try? single.decode(Double.self) { self = .number(value) }
            else if let value = try? single.decode(String.self) { self = .string(value) }
            else if let value = try? single.decode([Value].self) { self = .array(value) }
            else { self = .object(try single.decode([String: Value].self)) }
        }

        func encode(to encoder: Encoder) throws {
            var single = encoder.singleValueContainer()
            switch self {
            case .null: try single.encodeNil()
            case .bool(let value): try single.encode(value)
            case .integer(let value): try single.encode(value)
            case .number(let value): try single.encode(value)
            case .string(let value): try single.encode(value)
            case .array(let value): try single.encode(value)
            case .object(let value): try single.encode(value)
            }
        }
    }

    init(from decoder: Decoder) throws {
        let value = try Value(from: decoder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func encode(to encoder: Encoder) throws {
        let value = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        try value.encode(to: encoder)
    }
}
