import ArgumentParser
import NetAgentCore

/// How `--compare` and `run --measure` judge a change.
struct ComparisonOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Significance level of the tests, between 0 and 1 (default 0.01).", valueName: "p"))
    var alpha: Double = ComparisonSettings.defaultAlpha

    @Option(
        name: .customLong("min-effect-ms"),
        help: ArgumentHelp(
            "Smallest median change, in ms, that counts as significant (0 or more).", valueName: "ms"))
    var minimumEffectMS: Double = ComparisonSettings.defaultMinimumEffectMS

    func validate() throws {
        guard alpha > 0 && alpha < 1 else {
            throw ValidationError("--alpha \(alpha): give a significance level between 0 and 1, such as 0.01")
        }
        guard minimumEffectMS.isFinite && minimumEffectMS >= 0 else {
            throw ValidationError("--min-effect-ms \(minimumEffectMS): give a number of milliseconds, 0 or more")
        }
    }

    /// The rule these options set.
    var settings: ComparisonSettings { ComparisonSettings(alpha: alpha, minimumEffectMS: minimumEffectMS) }
}
