/// Reads and writes a knob by its key's prefix: `sysctl:`, `sysfs:`, `file:` or `dir:`.
/// A tuner made of such knobs checks that it owns the key, then calls these.
public enum StandardKnob {
    /// The current value; nil when absent (files, directories).
    public static func read(key: String, context: ModuleContext) throws -> String? {
        if key.hasPrefix(Sysctl.keyPrefix) { return try Sysctl.read(key: key, context: context) }
        if key.hasPrefix(SysfsKnob.keyPrefix) { return try SysfsKnob.read(key: key, context: context) }
        if key.hasPrefix(FileKnob.keyPrefix) { return try FileKnob.read(key: key, context: context) }
        if key.hasPrefix(DirectoryKnob.keyPrefix) { return try DirectoryKnob.read(key: key, context: context) }
        throw ModuleError.invalid("\"\(key)\" has no known prefix (sysctl:, sysfs:, file:, dir:)")
    }

    /// Sets the value; nil makes a file or directory absent.
    public static func write(key: String, value: String?, context: ModuleContext) throws {
        if key.hasPrefix(Sysctl.keyPrefix) { return try Sysctl.write(key: key, value: value, context: context) }
        if key.hasPrefix(SysfsKnob.keyPrefix) { return try SysfsKnob.write(key: key, value: value, context: context) }
        if key.hasPrefix(FileKnob.keyPrefix) { return try FileKnob.write(key: key, value: value, context: context) }
        if key.hasPrefix(DirectoryKnob.keyPrefix) { return try DirectoryKnob.write(key: key, value: value, context: context) }
        throw ModuleError.invalid("\"\(key)\" has no known prefix (sysctl:, sysfs:, file:, dir:)")
    }

    /// Throws `.invalid` unless `key` is one of `owned`, naming the module and what it owns.
    public static func require(_ key: String, in owned: [String], module: String) throws {
        guard owned.contains(key) else {
            throw ModuleError.invalid("\(module) has no knob \"\(key)\"; it has \(owned.joined(separator: ", "))")
        }
    }
}
