import NetAgentSystem

/// One target's raw samples as a probe returns them.
public struct RawTargetResult: Codable, Sendable {
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

    enum CodingKeys: String, CodingKey {
        case target, errors, error, counters, call
        case samplesNS = "samples_ns"
        case phasesNS = "phases_ns"
        case timestampSource = "timestamp_source"
    }
}

extension RawTargetResult {
    /// Decodes what the synthesized conformance would, but reads sample arrays and counters value
    /// by value with the decoder's non-generic calls: decoding `[Int64?]` or `[String: Int]` as a
    /// whole goes through the generic path per element (a metadata lookup and a cast each), which
    /// at 163 840 samples was most of the host's time after the last round.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        target = try container.decode(String.self, forKey: .target)
        samplesNS = try Self.samples(try container.nestedUnkeyedContainer(forKey: .samplesNS))
        errors = try container.decodeIfPresent([String].self, forKey: .errors)
        error = try container.decodeIfPresent(String.self, forKey: .error)
        if container.contains(.phasesNS), try !container.decodeNil(forKey: .phasesNS) {
            let phases = try container.nestedContainer(keyedBy: NameKey.self, forKey: .phasesNS)
            var phasesNS: [String: [Int64?]] = [:]
            for key in phases.allKeys { phasesNS[key.stringValue] = try Self.samples(try phases.nestedUnkeyedContainer(forKey: key)) }
            self.phasesNS = phasesNS
        } else {
            phasesNS = nil
        }
        if container.contains(.counters), try !container.decodeNil(forKey: .counters) {
            let names = try container.nestedContainer(keyedBy: NameKey.self, forKey: .counters)
            var counters: [String: Int] = [:]
            for key in names.allKeys { counters[key.stringValue] = try names.decode(Int.self, forKey: key) }
            self.counters = counters
        } else {
            counters = nil
        }
        timestampSource = try container.decodeIfPresent(String.self, forKey: .timestampSource)
        call = try container.decodeIfPresent(CallShape.self, forKey: .call)
    }

    /// A JSON array of integers and nulls.
    private static func samples(_ array: UnkeyedDecodingContainer) throws -> [Int64?] {
        var array = array
        var samples: [Int64?] = []
        samples.reserveCapacity(array.count ?? 0)
        while !array.isAtEnd {
            samples.append(try array.decodeNil() ? nil : try array.decode(Int64.self))
        }
        return samples
    }

    /// A phase's or a counter's name, as a key of `phases_ns` or `counters`.
    private struct NameKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}
