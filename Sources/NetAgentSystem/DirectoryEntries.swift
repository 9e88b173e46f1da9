import Glibc

/// The names in a directory, from `readdir(3)`.
public enum DirectoryEntries {
    /// Every entry's name except `.` and `..`, sorted; nil when the directory does not exist.
    public static func names(in directory: String) throws(SystemCallError) -> [String]? {
        do {
            return try names(in: OpenDirectory(path: directory))
        } catch let error where error.code == ENOENT || error.code == ENOTDIR {
            return nil
        }
    }

    /// `names(in:)` of a directory inside a root: links resolve inside it.
    public static func names(in directory: RootedPath) throws(SystemCallError) -> [String]? {
        do {
            return try names(in: OpenDirectory(directory))
        } catch let error where error.code == ENOENT || error.code == ENOTDIR {
            return nil
        }
    }

    /// Every entry's name in a directory already open, except `.` and `..`, sorted.
    public static func names(in directory: OpenDirectory) throws(SystemCallError) -> [String] {
        let copy = openat(directory.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard copy >= 0, let stream = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            throw SystemCallError("list", directory.path)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
