/// One directory the loader scans, and why it is on the list.
public struct ModuleDirectory: Equatable, Sendable {
    /// The directory.
    public let path: String
    /// Where it came from: `--module-path`, `NETAGENT_MODULE_PATH`, `installed` or `build folder`.
    public let origin: String
    /// True for the build folder, where only `libnetagent-*.so` files are modules.
    public let onlyNetAgentLibraries: Bool
}
