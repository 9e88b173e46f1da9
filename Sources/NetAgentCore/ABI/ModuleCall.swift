import FoundationEssentials
import NetAgentJSON

/// The JSON that crosses the ABI: every request the host sends (a `NetAgentWire` shape, declared
/// once for both sides) is turned into text here, and every answer is decoded here, with errors
/// naming the module and call.
enum ModuleCall {
    /// A probe's `run` answer, `{"results": [...]}`, read in place with `JSONTextReader` (it can
    /// be tens of megabytes), or an error naming the module, the call, the result and the byte at
    /// fault. Keys other than `results` are skipped, as a newer module may add some.
    static func probeResults(_ json: ArraySlice<UInt8>, module: String, call: String) throws -> [RawTargetResult] {
        do {
            let results = try JSONTextReader.read(json) { json in
                var results: [RawTargetResult]?
                try json.beginObject()
                while let key = try json.nextKey() {
                    guard key == "results" else {
                        try json.skipValue()
                        continue
                    }
                    var list: [RawTargetResult] = []
                    try json.beginArray()
                    while try json.nextElement() {
                        do {
                            list.append(try RawTargetResult(reading: &json))
                        } catch {
                            throw ResultError(index: list.count, reason: error)
                        }
                    }
                    results = list
                }
                return results
            }
            guard let results else { throw RawTargetResult.MissingKey(name: "results") }
            return results
        } catch {
            throw ModuleCallError(module: module, call: call, message: "returned JSON the host cannot read: \(error)")
        }
    }

    /// Why one result of a probe's answer could not be read.
    struct ResultError: Error, CustomStringConvertible {
        let index: Int
        let reason: Error
        var description: String { "results[\(index)]: \(reason)" }
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
