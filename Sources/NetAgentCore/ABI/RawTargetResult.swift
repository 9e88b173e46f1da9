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
