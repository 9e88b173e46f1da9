import Glibc
import SystemPackage

/// Whole-file text reads and durable replacement, for the config, the journal and baselines.
enum TextFile {
    /// The file's text, or nil when it does not exist.
    static func read(_ path: String) throws -> String? {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(FilePath(path), .readOnly, options: .closeOnExec)
        } catch Errno.noSuchFileOrDirectory {
            return nil
        } catch {
            throw NetAgentError("\(path): cannot open: \(error)")
        }
        return try fd.closeAfter {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count: Int
                do {
                    count = try buffer.withUnsafeMutableBytes { try fd.read(into: $0, retryOnInterrupt: true) }
                } catch {
                    throw NetAgentError("\(path): cannot read: \(error)")
                }
                if count == 0 { break }
                bytes += buffer[0..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The ending of every temporary file `writeDurably` makes.
    static let temporarySuffix = ".netagent-tmp"

    /// The temporary file `writeDurably` writes before renaming it over `path`:
    /// `.<name>.netagent-tmp` beside it, the name the module kit uses too. A crash can leave
    /// one behind; the next write or `remove` of `path` deletes it.
    static func temporaryPath(for path: String) -> String {
        let file = FilePath(path)
        return file.removingLastComponent().appending("." + (file.lastComponent?.string ?? "") + temporarySuffix).string
    }

    /// Deletes `path` and a temporary file a crash left for it; nothing to do when they are gone.
    static func remove(_ path: String) throws {
        for file in [path, temporaryPath(for: path)] where unlink(file) != 0 && errno != ENOENT {
            throw NetAgentError("\(file): cannot remove: \(String(cString: strerror(errno)))")
        }
    }

    /// Replaces `path` with `text` so a crash leaves the old or the new file, never a mix:
    /// write a temporary file, fsync it, rename it over, fsync the directory. An existing
    /// file keeps its mode and owner; a new one gets `mode`.
    static func writeDurably(_ path: String, _ text: String, mode: FilePermissions = [.ownerReadWrite]) throws {
        let target = FilePath(path)
        let temporary = FilePath(temporaryPath(for: path))
        var existing = stat()
        let exists = stat(path, &existing) == 0
        do {
            if unlink(temporary.string) != 0 && errno != ENOENT { throw Errno(rawValue: errno) }
            let fd = try FileDescriptor.open(
                temporary, .writeOnly, options: [.create, .truncate, .closeOnExec], permissions: mode)
            try fd.closeAfter {
                _ = try fd.writeAll(Array(text.utf8))
                if exists && (fchown(fd.rawValue, existing.st_uid, existing.st_gid) != 0
                              || fchmod(fd.rawValue, existing.st_mode & 0o7777) != 0) {
                    throw Errno(rawValue: errno)
                }
                try sync(fd)
            }
            try rename(from: temporary, to: target)
            let directory = try FileDescriptor.open(target.removingLastComponent(), .readOnly, options: [.directory, .closeOnExec])
            try directory.closeAfter { try sync(directory) }
        } catch let error as Errno {
            throw NetAgentError("\(path): cannot write: \(error)")
        }
    }

    private static func rename(from source: FilePath, to target: FilePath) throws {
        let result = source.withPlatformString { from in target.withPlatformString { to in Glibc.rename(from, to) } }
        if result != 0 { throw Errno(rawValue: errno) }
    }

    /// `fsync(2)`, which swift-system does not wrap.
    static func sync(_ fd: FileDescriptor) throws {
        if fsync(fd.rawValue) != 0 { throw Errno(rawValue: errno) }
    }
}
