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
    public static func path(ofKey key: String, context: ModuleContext) throws -> String {
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

/// Directory knobs, keyed `dir:/etc/...`: the value is "directory" when it exists, nil when absent.
/// A tuner plans one before a file knob whose directory may be missing, so rollback removes
/// the directory it created (and only when it is empty).
public enum DirectoryKnob {
    /// The key prefix for directory knobs.
    public static let keyPrefix = "dir:"
    /// The value of a directory that exists.
    public static let present = "directory"

    /// The knob key for an absolute path.
    public static func key(_ path: String) -> String { keyPrefix + path }

    static func path(ofKey key: String, context: ModuleContext) throws -> String {
        guard key.hasPrefix(keyPrefix) else { throw ModuleError.invalid("\"\(key)\" is not a directory key") }
        return try context.path(String(key.dropFirst(keyPrefix.count)))
    }

    /// "directory" when it exists, nil when absent; an error when something else is there.
    public static func read(key: String, context: ModuleContext) throws -> String? {
        let path = try path(ofKey: key, context: context)
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw KnobFile.error(errno, "stat", path)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw ModuleError.failed("\(path) exists and is not a directory") }
        return present
    }

    /// Creates the directory (mode 0755) for "directory"; removes it, when empty but for the
    /// temporary files a crash left in it (which go first), for nil.
    public static func write(key: String, value: String?, context: ModuleContext) throws {
        let path = try path(ofKey: key, context: context)
        switch value {
        case present?:
            if mkdir(path, 0o755) != 0 && errno != EEXIST { throw KnobFile.error(errno, "create directory", path) }
        case nil:
            try KnobFile.removeTemporaries(in: path)
            if rmdir(path) != 0 && errno != ENOENT {
                throw errno == ENOTEMPTY
                    ? ModuleError.failed("\(path) is not empty, so it was left in place: files were added to it after netagent created it")
                    : KnobFile.error(errno, "remove directory", path)
            }
        case let other?:
            throw ModuleError.invalid("a directory knob takes \"\(present)\" or nothing, not \"\(other)\"")
        }
    }
}

/// Sysfs knobs, keyed `sysfs:/kernel/mm/...` for `/sys/kernel/mm/...` below the root.
public enum SysfsKnob {
    /// The key prefix for sysfs knobs.
    public static let keyPrefix = "sysfs:"

    /// The knob key for a path relative to `/sys`, given with a leading slash.
    public static func key(_ path: String) -> String { keyPrefix + path }

    /// The file below the context's root that a key names.
    public static func path(ofKey key: String, context: ModuleContext) throws -> String {
        guard key.hasPrefix(keyPrefix) else { throw ModuleError.invalid("\"\(key)\" is not a sysfs key") }
        return try context.path("/sys" + key.dropFirst(keyPrefix.count))
    }

    /// The file's text with surrounding whitespace trimmed; `.unsupported` when the file is missing.
    public static func read(key: String, context: ModuleContext) throws -> String {
        let path = try path(ofKey: key, context: context)
        guard let text = try KnobFile.read(path) else { throw ModuleError.unsupported("\(path) does not exist on this host") }
        return Sysctl.normalize(text)
    }

    /// Writes a value; nil is refused because a sysfs attribute cannot be removed.
    public static func write(key: String, value: String?, context: ModuleContext) throws {
        guard let value else { throw ModuleError.invalid("\(key) cannot be removed, only set") }
        try KnobFile.write(path(ofKey: key, context: context), value + "\n")
    }

    /// The choice an `always [madvise] never` style attribute has selected (the bracketed word, or
    /// the only word, as a plain file under --root reads), and every choice it offers.
    public static func choices(_ text: String) -> (selected: String?, all: [String]) {
        let words = text.split(separator: " ").map(String.init)
        let isBracketed = { (word: String) in word.hasPrefix("[") && word.hasSuffix("]") }
        let all = words.map { isBracketed($0) ? String($0.dropFirst().dropLast()) : $0 }
        let selected = words.firstIndex(where: isBracketed).map { all[$0] } ?? (all.count == 1 ? all[0] : nil)
        return (selected, all)
    }
}
