import NetAgentWire

extension Profile {
    /// The profile used when neither the config nor the command line names one.
    public static let `default` = Profile.moderate

    /// Parses a profile name, naming the valid ones on error.
    public init(parsing text: String, source: String) throws {
        guard let profile = Profile(rawValue: text) else {
            throw NetAgentError(
                "\(source): unknown profile \"\(text)\"; use one of \(Profile.allCases.map(\.rawValue).joined(separator: ", "))",
                exitCode: .invalidConfig)
        }
        self = profile
    }
}
