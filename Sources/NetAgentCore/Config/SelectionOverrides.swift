/// What the command line adds to the config: `--enable`, `--disable`, `--profile`, `--host`.
public struct SelectionOverrides: Sendable {
    /// Replaces the config's `enable` list when given.
    public var enable: [String]?
    /// Added to the config's `disable` list.
    public var disable: [String]
    /// Replaces the config's profile when given.
    public var profile: Profile?
    /// The hostname to select for; this machine's when nil.
    public var host: String?

    public init(enable: [String]? = nil, disable: [String] = [], profile: Profile? = nil, host: String? = nil) {
        self.enable = enable
        self.disable = disable
        self.profile = profile
        self.host = host
    }
}
