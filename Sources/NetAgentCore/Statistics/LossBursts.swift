/// Runs of consecutive lost attempts: what decides whether speech breaks up. One lost 20 ms
/// audio packet is concealed by the codec; five in a row are a 100 ms gap a listener hears.
public struct LossBursts: Codable, Sendable, Equatable {
    /// How many runs of losses there were.
    public let count: Int
    /// The longest run, 0 when nothing was lost.
    public let max: Int
    /// Run length (as text, for JSON) to how many runs had that length.
    public let histogram: [String: Int]

    /// The bursts of a sample series (nil = lost).
    public init(samplesNS: [Int64?]) {
        var lengths: [Int] = []
        var run = 0
        for sample in samplesNS + [0] {
            if sample == nil {
                run += 1
            } else if run > 0 {
                lengths.append(run)
                run = 0
            }
        }
        count = lengths.count
        max = lengths.max() ?? 0
        histogram = Dictionary(grouping: lengths, by: { "\($0)" }).mapValues(\.count)
    }
}
