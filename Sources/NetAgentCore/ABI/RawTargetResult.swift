import FoundationEssentials
import NetAgentJSON

/// One target's raw samples as a probe returns them.
public struct RawTargetResult: Sendable {
    /// The target as given in the request.
    public let target: String
    /// One entry per attempt: round-trip time in nanoseconds, nil when lost.
    public let samplesNS: [Int64?]
    /// Distinct reasons attempts failed.
    public let errors: [String]?
    /// Set when the target could not be measured at all.
    public let error: String?
    /// Named phases per attempt, in nanoseconds from the attempt's start.
    public let phasesNS: [String: [Int64?]]?
    /// Events counted apart from losses (duplicates, late, corrupt, reordered).
    public let counters: [String: Int]?
    /// Where the times came from.
    public let timestampSource: String?
    /// Set by a probe whose samples are a paced audio-shaped stream: rate them as this call.
    public let call: CallShape?
}

extension RawTargetResult {
    /// Reads one result object of a module's answer, value by value: sample arrays go straight
    /// into arrays of integers, with none of JSONDecoder's generic containers (at 163 840 samples
    /// those were most of the host's time after the last round). Keys it does not know are
    /// skipped, as a newer module may add some; `target` and `samples_ns` are required.
    init(reading json: inout JSONTextReader) throws {
        var target: String?
        var samplesNS: [Int64?]?
        var errors: [String]?
        var error: String?
        var phasesNS: [String: [Int64?]]?
        var counters: [String: Int]?
        var timestampSource: String?
        var call: CallShape?
        try json.beginObject()
        while let key = try json.nextKey() {
            switch key {
            case "target": target = try json.readString()
            case "samples_ns": samplesNS = try Self.samples(&json)
            case "errors": errors = try json.readNull() ? nil : try Self.strings(&json)
            case "error": error = try json.readNull() ? nil : try json.readString()
            case "phases_ns": phasesNS = try json.readNull() ? nil : try Self.object(&json) { try Self.samples(&$0) }
            case "counters": counters = try json.readNull() ? nil : try Self.object(&json) { Int(try $0.readInteger()) }
            case "timestamp_source": timestampSource = try json.readNull() ? nil : try json.readString()
            case "call":
                call =
                    try json.readNull() ? nil : try JSONDecoder().decode(CallShape.self, from: Data(json.bytes(in: try json.skipValue())))
            default: try json.skipValue()
            }
        }
        guard let target else { throw RawTargetResult.MissingKey(name: "target") }
        guard let samplesNS else { throw RawTargetResult.MissingKey(name: "samples_ns") }
        self.init(
            target: target, samplesNS: samplesNS, errors: errors, error: error, phasesNS: phasesNS, counters: counters,
            timestampSource: timestampSource, call: call)
    }

    /// A required key the answer or a result lacks.
    struct MissingKey: Error, CustomStringConvertible, Equatable {
        let name: String
        var description: String { "no \"\(name)\"" }
    }

    /// A JSON array of integers and nulls.
    private static func samples(_ json: inout JSONTextReader) throws -> [Int64?] {
        var samples: [Int64?] = []
        try json.beginArray()
        while try json.nextElement() { samples.append(try json.readNull() ? nil : try json.readInteger()) }
        return samples
    }

    /// A JSON array of strings.
    private static func strings(_ json: inout JSONTextReader) throws -> [String] {
        var strings: [String] = []
        try json.beginArray()
        while try json.nextElement() { strings.append(try json.readString()) }
        return strings
    }

    /// A JSON object whose values `value` reads, as a dictionary by key.
    private static func object<Value>(_ json: inout JSONTextReader, _ value: (inout JSONTextReader) throws -> Value) throws
        -> [String: Value]
    {
        var object: [String: Value] = [:]
        try json.beginObject()
        while let key = try json.nextKey() { object[key] = try value(&json) }
        return object
    }
}
