import Glibc

/// Whole-file reads and writes for knobs, with errors that name the file.
public enum KnobFile {
    /// The file's bytes as UTF-8 text, or nil when it does not exist.
    public static func read(_ path: String) throws -> String? {
        do {
            return try DurableFile.read(path)
        } catch {
            throw moduleError(error)
        }
    }

    /// Replaces the file's contents with `text` in one write (what /proc/sys expects).
    public static func write(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard fd >= 0 else { throw error(errno, "open", path) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if written < 0 { throw error(errno, "write", path) }
        if written != bytes.count { throw ModuleError.failed("short write to \(path): \(written) of \(bytes.count) bytes") }
    }

    /// True when the file's mode grants write to no one (`0444`): even root should leave it alone.
    public static func isReadOnlyForEveryone(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & 0o222 == 0
    }

    /// Replaces a regular file's content atomically (`DurableFile.replace`): an existing file
    /// keeps its mode and owner, a new one is 0644. The parent directory must exist. A symlink
    /// at `path` is refused: it would be replaced by a file; resolve it first.
    public static func replace(_ path: String, with text: String) throws {
        var old = stat()
        let exists = lstat(path, &old) == 0
        if exists && old.st_mode & S_IFMT == S_IFLNK {
            throw ModuleError.invalid("\(path) is a symlink; netagent writes the file it points to, not the link")
        }
        if exists && old.st_mode & S_IFMT != S_IFREG {
            throw ModuleError.failed("\(path) exists and is not a regular file")
        }
        do {
            try DurableFile.replace(path, with: text, newFileMode: 0o644)
        } catch {
            throw moduleError(error)
        }
    }

    /// Deletes a file, and a temporary file a crash left for it; nothing to do when they are gone.
    public static func remove(_ path: String) throws {
        do {
            try DurableFile.remove(path)
        } catch {
            throw moduleError(error)
        }
    }

    /// The module error for a failed system call.
    public static func moduleError(_ failure: SystemCallError) -> ModuleError {
        error(failure.code, failure.operation, failure.path)
    }

    /// Maps an errno to the module error a user can act on.
    static func error(_ code: Int32, _ operation: String, _ path: String) -> ModuleError {
        let reason = String(cString: strerror(code))
        switch code {
        case EACCES, EPERM, EROFS: return .permission("\(operation) \(path): \(reason)")
        case EINVAL: return .invalid("\(operation) \(path): the kernel rejected the value (\(reason))")
        case ENOENT: return .unsupported("\(path) does not exist on this host")
        default: return .failed("\(operation) \(path): \(reason)")
        }
    }
}
