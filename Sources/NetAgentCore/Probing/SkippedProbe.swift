/// A probe that was not run, and why.
public struct SkippedProbe: Codable, Sendable {
    public let module: String
    public let reason: String
}
