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

    enum CodingKeys: String, CodingKey {
        case target, errors, error
        case samplesNS = "samples_ns"
    }
}
