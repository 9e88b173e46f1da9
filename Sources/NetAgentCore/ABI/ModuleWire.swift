/// The JSON a tuner's `plan` returns: `{"knobs": [...]}`.
struct PlanResponse: Decodable {
    let knobs: [PlannedKnob]
}

/// One knob as a tuner plans it.
public struct PlannedKnob: Codable, Sendable, Equatable {
    /// The module's key for the knob.
    public let key: String
    /// The value the module wants.
    public let value: String
    /// One line saying why.
    public let why: String
    /// Set when this host cannot take the knob.
    public let unsupported: String?
}

/// The JSON a probe's `run` returns: `{"results": [...]}`.
struct ProbeResponse: Decodable {
    let results: [RawTargetResult]
}

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

    enum CodingKeys: String, CodingKey {
        case target, errors, error, counters
        case samplesNS = "samples_ns", phasesNS = "phases_ns", timestampSource = "timestamp_source"
    }
}
