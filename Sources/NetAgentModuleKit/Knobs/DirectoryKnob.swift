import Glibc

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
            do {
                try DurableFile.removeTemporaries(in: path)
            } catch {
                throw KnobFile.moduleError(error)
            }
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
