/// A `[host."glob"]` section: settings for hosts whose name matches the glob.
public struct HostSection: Sendable, Equatable {
    public let pattern: String
    public let layer: ConfigLayer
}
