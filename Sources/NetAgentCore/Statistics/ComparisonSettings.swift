/// The significance rule of a comparison: a change counts when its test gives p < `alpha` and,
/// for latency, the median moved by at least `minimumEffectMS` and 5 %.
public struct ComparisonSettings: Sendable, Equatable {
    /// The default significance level.
    public static let defaultAlpha = 0.01
    /// The default smallest median change, in milliseconds, that counts.
    public static let defaultMinimumEffectMS = 0.05

    /// Significance level of the tests, strictly between 0 and 1.
    public var alpha: Double
    /// Smallest median change, in milliseconds, that counts as significant.
    public var minimumEffectMS: Double

    public init(alpha: Double = defaultAlpha, minimumEffectMS: Double = defaultMinimumEffectMS) {
        self.alpha = alpha
        self.minimumEffectMS = minimumEffectMS
    }
}
