/// A probe whose run failed (crashed, hung, exited, returned garbage), and what happened.
public struct FailedProbe: Codable, Sendable {
    public let module: String
    public let error: String
}
