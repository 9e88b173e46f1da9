import Glibc

/// The names in a directory, from `readdir(3)`.
public enum DirectoryEntries {
    /// Every entry's name except `.` and `..`, sorted; nil when the directory does not exist.
    public static func names(in directory: String) throws(SystemCallError) -> [String]? {
        guard let stream = opendir(directory) else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw SystemCallError("list", directory)
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
