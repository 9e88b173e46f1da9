import Glibc

/// Whole-file reads and writes for knobs, with errors that name the file.
public enum KnobFile {
    /// The file's bytes as UTF-8 text, or nil when it does not exist.
    public static func read(_ path: String) throws -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw error(errno, "read", path)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw error(errno, "read", path)
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
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

    /// The ending of every temporary file `replace` makes.
    public static let temporarySuffix = ".netagent-tmp"

    /// The temporary file `replace` writes before renaming it over `path`:
    /// `.<name>.netagent-tmp` beside it. A crash can leave one behind; the next `replace` or
    /// `remove` of `path`, or `DirectoryKnob` removing the directory, deletes it.
    public static func temporaryPath(for path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." + path + temporarySuffix }
        return path[...slash] + "." + path[path.index(after: slash)...] + temporarySuffix
    }

    /// Deletes the temporary files a crash left in `directory` (hidden names ending in
    /// `.netagent-tmp`); nothing else is touched.
    public static func removeTemporaries(in directory: String) throws {
        for name in try DirectoryEntries.names(in: directory) ?? [] where name.hasPrefix(".") && name.hasSuffix(temporarySuffix) {
            if unlink(directory + "/" + name) != 0 && errno != ENOENT { throw error(errno, "remove", directory + "/" + name) }
        }
    }

    /// Replaces a regular file's content atomically: a temporary file in the same directory
    /// (`temporaryPath(for:)`) takes the old file's mode and owner (0644 root:root for a new
    /// file), is fsync'd and renamed over it. The parent directory must exist. A symlink at
    /// `path` is refused: it would be replaced by a file; resolve it first.
    public static func replace(_ path: String, with text: String) throws {
        var old = stat()
        let exists = lstat(path, &old) == 0
        if exists && old.st_mode & S_IFMT == S_IFLNK {
            throw ModuleError.invalid("\(path) is a symlink; netagent writes the file it points to, not the link")
        }
        if exists && old.st_mode & S_IFMT != S_IFREG {
            throw ModuleError.failed("\(path) exists and is not a regular file")
        }
        let temporary = temporaryPath(for: path)
        if unlink(temporary) != 0 && errno != ENOENT { throw error(errno, "remove the leftover", temporary) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw error(errno, "create", temporary) }
        var ok = false
        defer {
            close(fd)
            if !ok { unlink(temporary) }
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw error(errno, "write", temporary) }
        let mode = exists ? old.st_mode & 0o7777 : 0o644
        guard fchown(fd, exists ? old.st_uid : 0, exists ? old.st_gid : 0) == 0, fchmod(fd, mode) == 0 else {
            throw error(errno, "set owner and mode of", temporary)
        }
        guard fsync(fd) == 0 else { throw error(errno, "fsync", temporary) }
        guard rename(temporary, path) == 0 else { throw error(errno, "rename onto", path) }
        ok = true
        syncDirectory(of: path)
    }

    /// Deletes a file, and a temporary file a crash left for it; nothing to do when they are gone.
    public static func remove(_ path: String) throws {
        for file in [path, temporaryPath(for: path)] where unlink(file) != 0 && errno != ENOENT {
            throw error(errno, "remove", file)
        }
        syncDirectory(of: path)
    }

    private static func syncDirectory(of path: String) {
        guard let slash = path.lastIndex(of: "/") else { return }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
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
