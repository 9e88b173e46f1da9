import Glibc

/// The names in a directory, from `readdir(3)`.
enum DirectoryListing {
    /// Every entry's name except `.` and `..`, or nil when the directory cannot be opened (`errno` says why).
    static func names(in directory: String) -> [String]? {
        guard let stream = opendir(directory) else { return nil }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
