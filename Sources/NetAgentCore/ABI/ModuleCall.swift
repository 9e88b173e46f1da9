import FoundationEssentials
import NetAgentSystem

/// The JSON that crosses the ABI: every request the host sends is an `Encodable` value turned
/// into text here, and every answer is decoded here, with errors naming the module and call.
enum ModuleCall {
    /// A tuner's `plan` request: `{"profile": "...", "config": {...}}`.
    struct PlanRequest: Encodable {
        let profile: String
        let config: [String: JSONValue]
    }

    /// A tuner's `plan` answer: `{"knobs": [...]}`.
    struct PlanResponse: Decodable {
        let knobs: [PlannedKnob]
    }

    /// A probe's `run` request: targets, schedule and the probe's own config table.
    struct ProbeRequest: Encodable {
        let targets: [String]
        let count: Int
        let intervalMS: Int
        let timeoutMS: Int
        let config: [String: JSONValue]

        enum CodingKeys: String, CodingKey {
            case targets, count, config
            case intervalMS = "interval_ms"
            case timeoutMS = "timeout_ms"
        }
    }

    /// A probe's `run` answer: `{"results": [...]}`.
    struct ProbeResponse: Decodable {
        let results: [RawTargetResult]
    }

    /// `request` as JSON text, keys sorted so the same request is always the same text.
    static func encode(_ request: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(request), as: UTF8.self)
    }

    /// Decodes a module's answer, or throws naming the module and the call.
    static func decode<Response: Decodable>(_ type: Response.Type, _ json: String, module: String, call: String) throws -> Response {
        try decode(type, Array(json.utf8)[...], module: module, call: call)
    }

    /// Decodes a module's answer given as bytes, or throws naming the module and the call. The
    /// bytes are read where they are, not copied: an answer can be tens of megabytes.
    static func decode<Response: Decodable>(_ type: Response.Type, _ json: ArraySlice<UInt8>, module: String, call: String) throws
        -> Response
    {
        do {
            return try json.withUnsafeBytes { bytes in
                guard let start = bytes.baseAddress else { return try JSONDecoder().decode(type, from: Data()) }
                let view = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: start), count: bytes.count, deallocator: .none)
                return try JSONDecoder().decode(type, from: view)
            }
        } catch {
            throw ModuleCallError(module: module, call: call, message: "returned JSON the host cannot read: \(error)")
        }
    }
}
