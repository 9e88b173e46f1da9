import FoundationEssentials

/// A probe measures targets and returns raw samples; the host computes every statistic.
public protocol Probe: Sendable {
    /// The module's metadata.
    var info: ModuleInfo { get }
    /// Measures every target of the request, one result per target in request order.
    func run(_ request: ProbeRequest, context: ModuleContext) throws -> [TargetResult]
}

/// What the host asks a probe to measure.
public struct ProbeRequest: Decodable, Sendable {
    /// Targets in the probe's own syntax, such as `host:port`.
    public var targets: [String]
    /// Attempts per target.
    public var count: Int
    /// Pause between attempts, in milliseconds.
    public var intervalMS: Int
    /// How long one attempt may take, in milliseconds.
    public var timeoutMS: Int
    /// The module's config table as JSON text (`{}` when none).
    public var configJSON: String

    enum CodingKeys: String, CodingKey {
        case targets, count, config
        case intervalMS = "interval_ms"
        case timeoutMS = "timeout_ms"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        targets = try container.decode([String].self, forKey: .targets)
        count = try container.decode(Int.self, forKey: .count)
        intervalMS = try container.decode(Int.self, forKey: .intervalMS)
        timeoutMS = try container.decode(Int.self, forKey: .timeoutMS)
        configJSON = try container.decodeIfPresent(RawJSON.self, forKey: .config)?.text ?? "{}"
    }
}

/// The raw measurements of one target.
public struct TargetResult: Encodable, Sendable {
    /// The target as given in the request.
    public var target: String
    /// One entry per attempt: round-trip time in nanoseconds, nil when lost.
    public var samplesNS: [Int64?]
    /// Why attempts failed, such as "connection refused"; one entry per distinct failure.
    public var errors: [String]
    /// Set when the target could not be measured at all.
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case target, errors, error
        case samplesNS = "samples_ns"
    }

    public init(target: String, samplesNS: [Int64?], errors: [String] = [], error: String? = nil) {
        self.target = target
        self.samplesNS = samplesNS
        self.errors = errors
        self.error = error
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(target, forKey: .target)
        var samples = container.nestedUnkeyedContainer(forKey: .samplesNS)
        for sample in samplesNS {
            if let sample { try samples.encode(sample) } else { try samples.encodeNil() }
        }
        if !errors.isEmpty { try container.encode(errors, forKey: .errors) }
        try container.encodeIfPresent(error, forKey: .error)
    }
}
