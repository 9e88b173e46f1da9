/// One probe target's outcome: its raw samples and the host's statistics of them.
public struct TargetReport: Codable, Sendable {
    public let module: String
    public let target: String
    public let samplesNS: [Int64?]
    public let statistics: SampleStatistics
    /// Runs of consecutive lost attempts.
    public let lossBursts: LossBursts
    /// Statistics of each named phase (such as "connect", "ttfb"), when the probe reports phases.
    public let phases: [String: SampleStatistics]?
    /// The raw phases, one entry per attempt.
    public let phasesNS: [String: [Int64?]]?
    /// Events counted apart from losses (duplicates, late, corrupt, reordered).
    public let counters: [String: Int]?
    /// Where the times came from, as the probe says.
    public let timestampSource: String?
    /// Distinct reasons attempts failed.
    public let errors: [String]
    /// Set when the target could not be measured at all.
    public let error: String?
    /// The call's E-model rating, when the probe's samples are an audio-shaped stream.
    public let voice: VoiceQuality?

    enum CodingKeys: String, CodingKey {
        case module, target, statistics, phases, counters, errors, error, voice
        case samplesNS = "samples_ns"
        case lossBursts = "loss_bursts"
        case phasesNS = "phases_ns"
        case timestampSource = "timestamp_source"
    }

    init(module: String, raw: RawTargetResult) {
        self.module = module
        target = raw.target
        samplesNS = raw.samplesNS
        statistics = SampleStatistics(samplesNS: raw.samplesNS)
        lossBursts = LossBursts(samplesNS: raw.samplesNS)
        phasesNS = raw.phasesNS
        phases = raw.phasesNS?.mapValues { SampleStatistics(samplesNS: $0) }
        counters = raw.counters
        timestampSource = raw.timestampSource
        error = raw.error
        var errors = raw.errors ?? []
        var voice: VoiceQuality?
        if let call = raw.call, raw.error == nil {
            do {
                voice = try VoiceQuality(samplesNS: raw.samplesNS, call: call)
            } catch {
                errors.append(error.description)
            }
        }
        self.errors = errors
        self.voice = voice
    }
}
