import FoundationEssentials
import NetAgentJSON

/// A target's report written as JSON text directly: the same bytes JSONEncoder writes for it with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` (a test holds them equal), at a
/// fraction of the cost, which at thousands of targets was most of the time after the last round.
/// Keys are written in sorted order and absent optionals left out, as the synthesized `Encodable`
/// does; the voice rating, one per call-shaped target, still goes through JSONEncoder.
extension TargetReport {
    /// Writes the report as one value into `json`.
    public func write(to json: inout JSONTextWriter) throws {
        typealias Key = CodingKeys
        json.beginObject()
        if let counters { Self.write(counters, key: Key.counters.stringValue, to: &json) }
        if let error {
            json.key(Key.error.stringValue)
            json.string(error)
        }
        json.key(Key.errors.stringValue)
        json.beginArray()
        for error in errors { json.string(error) }
        json.endArray()
        json.key(Key.lossBursts.stringValue)
        lossBursts.write(to: &json)
        json.key(Key.module.stringValue)
        json.string(module)
        if let phases {
            json.key(Key.phases.stringValue)
            json.beginObject()
            for name in phases.keys.sorted() {
                json.key(name)
                try phases[name]!.write(to: &json)
            }
            json.endObject()
        }
        if let phasesNS {
            json.key(Key.phasesNS.stringValue)
            json.beginObject()
            for name in phasesNS.keys.sorted() {
                json.key(name)
                Self.write(samples: phasesNS[name]!, to: &json)
            }
            json.endObject()
        }
        json.key(Key.samplesNS.stringValue)
        Self.write(samples: samplesNS, to: &json)
        json.key(Key.statistics.stringValue)
        try statistics.write(to: &json)
        json.key(Key.target.stringValue)
        json.string(target)
        if let timestampSource {
            json.key(Key.timestampSource.stringValue)
            json.string(timestampSource)
        }
        if let voice {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            json.key(Key.voice.stringValue)
            json.encoded(try encoder.encode(voice))
        }
        json.endObject()
    }

    private static func write(samples: [Int64?], to json: inout JSONTextWriter) {
        json.beginArray()
        for sample in samples {
            if let sample { json.integer(sample) } else { json.null() }
        }
        json.endArray()
    }

    fileprivate static func write(_ counts: [String: Int], key: String, to json: inout JSONTextWriter) {
        json.key(key)
        json.beginObject()
        for name in counts.keys.sorted() {
            json.key(name)
            json.integer(counts[name]!)
        }
        json.endObject()
    }
}

extension SampleStatistics {
    /// Writes the statistics as one object, the absent ones left out.
    func write(to json: inout JSONTextWriter) throws {
        typealias Key = CodingKeys
        json.beginObject()
        let fields: [(Key, Double?)] = [
            (.avgMS, avgMS), (.jitterMS, jitterMS), (.lossPercent, lossPercent), (.maxMS, maxMS), (.mdevMS, mdevMS),
            (.minMS, minMS), (.p50MS, p50MS), (.p90MS, p90MS), (.p99MS, p99MS),
        ]
        for case (let key, let value?) in fields {
            json.key(key.stringValue)
            try json.double(value)
        }
        json.key(Key.received.stringValue)
        json.integer(received)
        if let rpm {
            json.key(Key.rpm.stringValue)
            try json.double(rpm)
        }
        json.key(Key.sent.stringValue)
        json.integer(sent)
        json.endObject()
    }
}

extension LossBursts {
    /// Writes the bursts as one object.
    func write(to json: inout JSONTextWriter) {
        json.beginObject()
        json.key("count")
        json.integer(count)
        TargetReport.write(histogram, key: "histogram", to: &json)
        json.key("max")
        json.integer(max)
        json.endObject()
    }
}
