import Glibc

/// Whole-file reads, and writes that a crash cannot tear: the same code for the host's journal,
/// baselines and reports and for the modules' file knobs.
///
/// A file is replaced by writing a temporary file beside it, `.<name>.netagent-tmp`, fsyncing
/// it, renaming it over the file and fsyncing the directory, so a crash leaves the old content
/// or the new, never a mix. A crash can leave the temporary file behind; the next `replace` or
/// `remove` of the file, or `removeTemporaries(in:)`, deletes it.
public enum DurableFile {
    /// The ending of every temporary file `replace` makes.
    public static let temporarySuffix = ".netagent-tmp"

    /// The file's bytes as UTF-8 text, or nil when it does not exist.
    public static func read(_ path: String) throws(SystemCallError) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw SystemCallError("open", path)
        }
        defer { close(fd) }
        return String(decoding: try readAll(fd, path), as: UTF8.self)
    }

    /// `read(_:)` of a file inside a root: links resolve inside it.
    public static func read(_ path: RootedPath) throws(SystemCallError) -> String? {
        let fd: Int32
        do {
            fd = try path.open(O_RDONLY)
        } catch let error where error.code == ENOENT {
            return nil
        }
        defer { close(fd) }
        return String(decoding: try readAll(fd, path.description), as: UTF8.self)
    }

    /// Every byte left to read from the open file `fd` (`path` names it in errors).
    public static func readAll(_ fd: Int32, _ path: String) throws(SystemCallError) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemCallError("read", path)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
        }
    }

    /// Replaces the regular file `path` with `text` atomically. An existing file keeps its mode
    /// and owner; a new one gets `newFileMode` and the caller's owner. The directory must exist.
    /// A symlink at `path` is refused: it would be replaced by a file.
    public static func replace(_ path: String, with text: String, newFileMode: mode_t) throws(SystemCallError) {
        try replace(path, newFileMode: newFileMode) { (file: inout Writer) throws(SystemCallError) in try file.append(text.utf8) }
    }

    /// `replace(_:with:newFileMode:)` of a file inside a root: its directory resolves inside it.
    public static func replace(_ path: RootedPath, with text: String, newFileMode: mode_t) throws(SystemCallError) {
        try replace(path.name, in: OpenDirectory(path.parent), newFileMode: newFileMode) {
            (file: inout Writer) throws(SystemCallError) in try file.append(text.utf8)
        }
    }

    /// `replace(_:with:newFileMode:)` for content made piece by piece: `body` appends it, and it
    /// goes to the temporary file as it comes, so a large file is never held whole in memory.
    public static func replace(
        _ path: String, newFileMode: mode_t, writing body: (inout Writer) throws(SystemCallError) -> Void
    ) throws(SystemCallError) {
        try replace(FilePaths.name(of: path), in: OpenDirectory(path: FilePaths.parent(of: path)), newFileMode: newFileMode, writing: body)
    }

    /// Replaces the file `name` in `directory`; every step is relative to that open directory.
    private static func replace(
        _ name: String, in directory: OpenDirectory, newFileMode: mode_t, writing body: (inout Writer) throws(SystemCallError) -> Void
    ) throws(SystemCallError) {
        let path = directory.pathOf(name)
        let old = try directory.status(of: name)
        if let old, old.st_mode & S_IFMT == S_IFLNK { throw SystemCallError("replace the symlink", path, code: ELOOP) }
        if let old, old.st_mode & S_IFMT != S_IFREG { throw SystemCallError("replace", path, code: EISDIR) }
        let temporaryName = "." + name + temporarySuffix
        let temporary = directory.pathOf(temporaryName)
        if unlinkat(directory.fd, temporaryName, 0) != 0 && errno != ENOENT { throw SystemCallError("remove the leftover", temporary) }
        let fd = openat(directory.fd, temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw SystemCallError("create", temporary) }
        var failure: SystemCallError?
        do throws(SystemCallError) {
            var writer = Writer(fd: fd, path: temporary)
            try body(&writer)
            try writer.flush()
            if let old, fchown(fd, old.st_uid, old.st_gid) != 0 { throw SystemCallError("set the owner of", temporary) }
            if fchmod(fd, old.map { $0.st_mode & 0o7777 } ?? newFileMode) != 0 { throw SystemCallError("set the mode of", temporary) }
            if fsync(fd) != 0 { throw SystemCallError("fsync", temporary) }
        } catch {
            failure = error
        }
        close(fd)
        if failure == nil && renameat(directory.fd, temporaryName, directory.fd, name) != 0 {
            failure = SystemCallError("rename onto", path)
        }
        if let failure {
            unlinkat(directory.fd, temporaryName, 0)
            throw failure
        }
        directory.sync()
    }

    /// The new content of a file `replace` is writing, appended piece by piece and written out
    /// 64 KiB at a time.
    public struct Writer {
        private static let bufferSize = 65536
        fileprivate let fd: Int32
        fileprivate let path: String
        private var buffer: [UInt8] = []

        fileprivate init(fd: Int32, path: String) {
            self.fd = fd
            self.path = path
        }

        /// Adds `bytes` to the file.
        public mutating func append(_ bytes: some Sequence<UInt8>) throws(SystemCallError) {
            buffer.append(contentsOf: bytes)
            if buffer.count >= Self.bufferSize { try flush() }
        }

        /// Writes out what is buffered.
        fileprivate mutating func flush() throws(SystemCallError) {
            try DurableFile.writeAll(fd, buffer, path)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Deletes the file and a temporary file a crash left for it; nothing to do when they are gone.
    public static func remove(_ path: String) throws(SystemCallError) {
        do {
            try remove(FilePaths.name(of: path), in: OpenDirectory(path: FilePaths.parent(of: path)))
        } catch let error where error.code == ENOENT {
        }
    }

    /// `remove(_:)` of a file inside a root: its directory resolves inside it, and a directory
    /// that is not there means there is nothing to remove.
    public static func remove(_ path: RootedPath) throws(SystemCallError) {
        do {
            try remove(path.name, in: OpenDirectory(path.parent))
        } catch let error where error.code == ENOENT {
        }
    }

    private static func remove(_ name: String, in directory: OpenDirectory) throws(SystemCallError) {
        try directory.remove(name)
        try directory.remove("." + name + temporarySuffix)
        directory.sync()
    }

    /// Deletes the temporary files a crash left in `directory`; nothing else is touched.
    public static func removeTemporaries(in directory: String) throws(SystemCallError) {
        do {
            try removeTemporaries(in: OpenDirectory(path: directory))
        } catch let error where error.code == ENOENT {
        }
    }

    /// `removeTemporaries(in:)` for a directory already open.
    public static func removeTemporaries(in directory: OpenDirectory) throws(SystemCallError) {
        for name in try DirectoryEntries.names(in: directory) where name.hasPrefix(".") && name.hasSuffix(temporarySuffix) {
            try directory.remove(name)
        }
    }

    fileprivate static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: String) throws(SystemCallError) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw SystemCallError("write", path) }
            written += count
        }
    }
}
