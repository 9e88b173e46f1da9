import Glibc

/// Whole-file knobs, keyed `file:/etc/...` and kept below the root. The value is the file's
/// content; nil means the file is absent. Writing replaces the file atomically and keeps its
/// mode and owner, so restoring the old content restores the file byte for byte.
public enum FileKnob {
    /// The key prefix for file knobs.
    public static let keyPrefix = "file:"

    /// The knob key for an absolute path.
    public static func key(_ path: String) -> String { keyPrefix + path }

    /// The file below the context's root that a key names.
    public static func path(ofKey key: String, context: ModuleContext) throws -> RootedPath {
        guard key.hasPrefix(keyPrefix) else { throw ModuleError.invalid("\"\(key)\" is not a file key") }
        return try context.path(String(key.dropFirst(keyPrefix.count)))
    }

    /// The file's content, nil when absent.
    public static func read(key: String, context: ModuleContext) throws -> String? {
        try KnobFile.read(path(ofKey: key, context: context))
    }

    /// Writes the content, or deletes the file for nil.
    public static func write(key: String, value: String?, context: ModuleContext) throws {
        let path = try path(ofKey: key, context: context)
        if let value { try KnobFile.replace(path, with: value) } else { try KnobFile.remove(path) }
    }
}
