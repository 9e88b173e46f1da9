/// Sysctl knobs, keyed `sysctl:net.ipv4.tcp_congestion_control` and kept in `/proc/sys` below the root.
public enum Sysctl {
    /// The key prefix for sysctl knobs.
    public static let keyPrefix = "sysctl:"

    /// The knob key for a sysctl name.
    public static func key(_ name: String) -> String { keyPrefix + name }

    /// The sysctl name of a knob key, validated: dot-separated parts of `[a-z0-9_-]`.
    public static func name(ofKey key: String) throws -> String {
        guard key.hasPrefix(keyPrefix) else { throw ModuleError.invalid("\"\(key)\" is not a sysctl key") }
        let name = String(key.dropFirst(keyPrefix.count))
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_-")
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(allowed.contains) }) else {
            throw ModuleError.invalid("\"\(name)\" is not a sysctl name (dot-separated parts of a-z, 0-9, _ and -)")
        }
        return name
    }

    /// The file of a sysctl below the context's root.
    public static func path(ofKey key: String, context: ModuleContext) throws -> RootedPath {
        let name = try name(ofKey: key)
        return try context.path("/proc/sys/" + name.replacingDots())
    }

    /// The current value with whitespace runs folded to one space (`4096 131072 6291456`).
    /// Throws `.unsupported` when this kernel or network namespace has no such sysctl, or
    /// offers it read-only (as it does with `net.core.*` buffers outside the host's namespace).
    public static func read(key: String, context: ModuleContext) throws -> String {
        let name = try name(ofKey: key)
        let path = try path(ofKey: key, context: context)
        guard let text = try KnobFile.read(path) else {
            throw ModuleError.unsupported("this kernel (or network namespace) has no \(name)")
        }
        if KnobFile.isReadOnlyForEveryone(path) {
            throw ModuleError.unsupported("\(name) is read-only here (outside the host's network namespace the kernel shares it read-only)")
        }
        return normalize(text)
    }

    /// The value of an informational sysctl such as `net.ipv4.tcp_available_congestion_control`,
    /// read-only ones included, normalized; nil when this kernel has no such sysctl.
    public static func information(_ name: String, context: ModuleContext) throws -> String? {
        try KnobFile.read(path(ofKey: key(name), context: context)).map(normalize)
    }

    /// Writes a value; nil is refused because a sysctl cannot be removed.
    public static func write(key: String, value: String?, context: ModuleContext) throws {
        let name = try name(ofKey: key)
        guard let value else { throw ModuleError.invalid("\(name) cannot be removed, only set") }
        let path = try path(ofKey: key, context: context)
        guard try KnobFile.read(path) != nil else {
            throw ModuleError.unsupported("this kernel (or network namespace) has no \(name)")
        }
        try KnobFile.write(path, value + "\n")
    }

    /// Whitespace runs folded to one space, ends trimmed: the form values are compared in.
    public static func normalize(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }
}

extension String {
    fileprivate func replacingDots() -> String { String(map { $0 == "." ? "/" : $0 }) }
}
