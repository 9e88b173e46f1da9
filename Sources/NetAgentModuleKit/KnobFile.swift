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
