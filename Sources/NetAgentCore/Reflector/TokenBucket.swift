/// A token bucket: it fills at `rate` tokens a second up to `depth`, and a request passes when
/// it can take its tokens. Time is a parameter (nanoseconds of a monotonic clock), so a test
/// drives it without sleeping.
struct TokenBucket {
    /// Tokens added per second.
    let rate: Double
    /// The most tokens it holds: the burst it lets through after an idle time.
    let depth: Double
    private var tokens: Double
    private var filledAtNS: Int64

    /// A full bucket at time `nowNS`.
    init(rate: Double, depth: Double, nowNS: Int64) {
        self.rate = rate
        self.depth = depth
        tokens = depth
        filledAtNS = nowNS
    }

    /// The tokens it holds at `nowNS`.
    func available(atNS nowNS: Int64) -> Double {
        min(depth, tokens + Double(max(0, nowNS - filledAtNS)) / 1e9 * rate)
    }

    /// Whether `amount` tokens can be taken at `nowNS`, without taking them.
    func allows(_ amount: Double, atNS nowNS: Int64) -> Bool { available(atNS: nowNS) >= amount }

    /// Takes `amount` tokens at `nowNS`; the caller checked `allows` first.
    mutating func take(_ amount: Double, atNS nowNS: Int64) {
        tokens = available(atNS: nowNS) - amount
        filledAtNS = nowNS
    }
}
