/// A decoder that decodes nothing: it answers every optional key "absent" and records the
/// keys a `Decodable` type asks for, with their JSON types, in the order asked.
final class ConfigKeyRecorder: Decoder {
    /// Ends the recording at a key the type requires (not optional): it cannot be made absent.
    struct RequiredKey: Error {}

    private(set) var keys: [(name: String, type: String)] = []
    let codingPath: [CodingKey] = []
    let userInfo: [CodingUserInfoKey: Any] = [:]

    /// The keys `type` decodes and their JSON Schema types.
    static func keys<Config: Decodable>(of type: Config.Type) -> [(name: String, type: String)] {
        let recorder = ConfigKeyRecorder()
        _ = try? Config(from: recorder)
        return recorder.keys
    }

    func record(_ name: String, _ type: Any.Type) {
        keys.append((name, Self.jsonType(type)))
    }

    /// The JSON Schema type of a Swift type a config key decodes to.
    static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "string"
        case is Bool.Type: return "boolean"
        case is Int.Type, is Int8.Type, is Int16.Type, is Int32.Type, is Int64.Type,
            is UInt.Type, is UInt8.Type, is UInt16.Type, is UInt32.Type, is UInt64.Type:
            return "integer"
        case is Double.Type, is Float.Type: return "number"
        case is any ConfigArray.Type: return "array"
        default: return "object"
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Container<Key>(recorder: self))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer { throw RequiredKey() }
    func singleValueContainer() throws -> SingleValueDecodingContainer { throw RequiredKey() }

    /// Every key absent; asking for one records it.
    private struct Container<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let recorder: ConfigKeyRecorder
        var codingPath: [CodingKey] { [] }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { false }
        func decodeNil(forKey key: Key) throws -> Bool { true }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { record(key, type) }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { record(key, type) }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { record(key, type) }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { record(key, type) }
        func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { record(key, type) }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { record(key, type) }
        func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { record(key, type) }
        func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { record(key, type) }
        func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { record(key, type) }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { record(key, type) }
        func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { record(key, type) }
        func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { record(key, type) }
        func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { record(key, type) }
        func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { record(key, type) }
        func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { record(key, type) }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            _ = record(key, type) as T?
            throw RequiredKey()
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<
            NestedKey
        > {
            throw RequiredKey()
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer { throw RequiredKey() }
        func superDecoder() throws -> Decoder { throw RequiredKey() }
        func superDecoder(forKey key: Key) throws -> Decoder { throw RequiredKey() }

        private func record<T>(_ key: Key, _ type: T.Type) -> T? {
            recorder.record(key.stringValue, type)
            return nil
        }
    }
}

/// Arrays, so a config key decoding to one is typed "array" in the schema.
protocol ConfigArray {}
extension Array: ConfigArray {}
