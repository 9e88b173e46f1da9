import FoundationEssentials
import NetAgentJSON

/// The raw measurements of one target.
public struct TargetResult: Sendable {
    /// The target as given in the request.
    public var target: String
    /// One entry per attempt: round-trip time in nanoseconds, nil when lost.
    public var samplesNS: [Int64?]
    /// Why attempts failed, such as "connection refused"; one entry per distinct failure.
    public var errors: [String]
    /// Set when the target could not be measured at all.
    public var error: String?
    /// Named phases of each attempt in nanoseconds from its start (such as "connect", "ttfb"),
    /// one entry per attempt like `samplesNS`.
    public var phasesNS: [String: [Int64?]]
    /// Events counted apart from losses, such as "duplicates", "late", "corrupt", "reordered".
    public var counters: [String: Int]
    /// Where the times came from, such as "kernel" or "user".
    public var timestampSource: String?
    /// Set when the samples are a paced audio-shaped stream: the host rates them as this call.
    public var call: CallShape?

    /// The answer's keys.
    enum CodingKeys: String, CodingKey {
        case target, errors, error, counters, call
        case samplesNS = "samples_ns"
        case phasesNS = "phases_ns"
        case timestampSource = "timestamp_source"
    }

    public init(
        target: String, samplesNS: [Int64?], errors: [String] = [], error: String? = nil,
        phasesNS: [String: [Int64?]] = [:], counters: [String: Int] = [:], timestampSource: String? = nil, call: CallShape? = nil
    ) {
        self.target = target
        self.samplesNS = samplesNS
        self.errors = errors
        self.error = error
        self.phasesNS = phasesNS
        self.counters = counters
        self.timestampSource = timestampSource
        self.call = call
    }

    /// Writes the result as the JSON `run` answers with (the one way it is written), without
    /// building a tree of every value first: keys in sorted order, empty collections left out.
    func write(to json: inout JSONTextWriter) throws {
        json.beginObject()
        if let call {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            json.key(CodingKeys.call.stringValue)
            json.encoded(try encoder.encode(call))
        }
        if !counters.isEmpty {
            json.key(CodingKeys.counters.stringValue)
            json.beginObject()
            for name in counters.keys.sorted() {
                json.key(name)
                json.integer(counters[name]!)
            }
            json.endObject()
        }
        if let error {
            json.key(CodingKeys.error.stringValue)
            json.string(error)
        }
        if !errors.isEmpty {
            json.key(CodingKeys.errors.stringValue)
            json.beginArray()
            for error in errors { json.string(error) }
            json.endArray()
        }
        if !phasesNS.isEmpty {
            json.key(CodingKeys.phasesNS.stringValue)
            json.beginObject()
            for name in phasesNS.keys.sorted() {
                json.key(name)
                Self.writeSamples(phasesNS[name]!, to: &json)
            }
            json.endObject()
        }
        json.key(CodingKeys.samplesNS.stringValue)
        Self.writeSamples(samplesNS, to: &json)
        json.key(CodingKeys.target.stringValue)
        json.string(target)
        if let timestampSource {
            json.key(CodingKeys.timestampSource.stringValue)
            json.string(timestampSource)
        }
        json.endObject()
    }

    private static func writeSamples(_ samples: [Int64?], to json: inout JSONTextWriter) {
        json.beginArray()
        for sample in samples {
            if let sample { json.integer(sample) } else { json.null() }
        }
        json.endArray()
    }
}
