/// A probe whose run failed (crashed, hung, exited, returned garbage), and what happened.
public struct FailedProbe: Codable, Sendable {
    public let module: String
    public let error: String
    /// The module refused the request itself (`NETAGENT_INVALID`: a malformed target or setting),
    /// a mistake in the config or command line rather than a failure to measure.
    public var isInvalidRequest = false

    public init(module: String, error: String, isInvalidRequest: Bool = false) {
        self.module = module
        self.error = error
        self.isInvalidRequest = isInvalidRequest
    }

    private enum CodingKeys: String, CodingKey {
        case module, error
    }
}
