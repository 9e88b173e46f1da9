import Glibc

/// Joins an absolute path to a root prefix, refusing anything that could leave the root.
public enum RootedPath {
    /// `root` + `path`, where `path` must be absolute with no `.`/`..` components, no NUL and no empty components.
    public static func join(root: String, _ path: String) throws -> String {
        guard path.hasPrefix("/"), !path.contains("\0") else {
            throw ModuleError.invalid("path \"\(path)\" must be absolute and contain no NUL")
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for component in components where component.isEmpty || component == "." || component == ".." {
            throw ModuleError.invalid("path \"\(path)\" has an empty, \".\" or \"..\" component")
        }
        return root == "/" ? path : root + path
    }

    /// Follows symlinks at `path` (absolute, below `root`) up to 8 hops, interpreting each link
    /// as if `root` were `/`, and returns the absolute path of the last target. A link that
    /// climbs above `/` stays at `/`, as the kernel does for a chroot.
    public static func resolvingSymlinks(_ path: String, root: String) throws -> String {
        var current = path
        for _ in 0..<8 {
            let full = try join(root: root, current)
            var buffer = [CChar](repeating: 0, count: 4097)
            let length = readlink(full, &buffer, 4096)
            guard length >= 0 else { return current }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let base = target.hasPrefix("/") ? [] : current.split(separator: "/").dropLast().map(String.init)
            var components: [String] = base
            for part in target.split(separator: "/") {
                if part == "." { continue }
                if part == ".." { _ = components.popLast() } else { components.append(String(part)) }
            }
            current = "/" + components.joined(separator: "/")
        }
        throw ModuleError.failed("\(path): more than 8 symlinks to follow")
    }
}
