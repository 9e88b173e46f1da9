import Glibc

/// Whole-file reads and writes for knobs, with errors that name the file.
public enum KnobFile {
    /// The file's bytes as UTF-8 text, or nil when it does not exist.
    public static func read(_ path: RootedPath) throws -> String? {
        do {
            return try DurableFile.read(path)
        } catch {
            throw moduleError(error)
        }
    }

    /// Replaces the file's contents with `text` in one write (what /proc/sys expects).
    public static func write(_ path: RootedPath, _ text: String) throws {
        let fd: Int32
        do {
            fd = try path.open(O_WRONLY | O_TRUNC)
        } catch {
            throw moduleError(error)
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if written < 0 { throw error(errno, "write", path.description) }
        if written != bytes.count { throw ModuleError.failed("short write to \(path): \(written) of \(bytes.count) bytes") }
    }

    /// True when the file's mode grants write to no one (`0444`): even root should leave it alone.
    public static func isReadOnlyForEveryone(_ path: RootedPath) -> Bool {
        guard let fd = try? path.open(O_RDONLY) else { return false }
        defer { close(fd) }
        var info = stat()
        return fstat(fd, &info) == 0 && info.st_mode & 0o222 == 0
    }

    /// Replaces a regular file's content atomically (`DurableFile.replace`): an existing file
    /// keeps its mode and owner, a new one is 0644. The parent directory must exist. A symlink
    /// at `path` is refused: it would be replaced by a file; resolve it first.
    public static func replace(_ path: RootedPath, with text: String) throws {
        do {
            try DurableFile.replace(path, with: text, newFileMode: 0o644)
        } catch let error where error.code == ELOOP {
            throw ModuleError.invalid("\(path) is a symlink; netagent writes the file it points to, not the link")
        } catch let error where error.code == EISDIR {
            throw ModuleError.failed("\(path) exists and is not a regular file")
        } catch {
            throw moduleError(error)
        }
    }

    /// Deletes a file, and a temporary file a crash left for it; nothing to do when they are gone.
    public static func remove(_ path: RootedPath) throws {
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
        case ENOSYS: return .unsupported("\(operation) \(path): this kernel has no openat2, which --root needs (Linux 5.6 or later)")
        default: return .failed("\(operation) \(path): \(reason)")
        }
    }
}
