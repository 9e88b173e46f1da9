import Glibc

/// The root-only rule for loading code: a module file, and the directory it lies in, must be
/// owned by root and writable by no one else, or loading it hands root to whoever can write it.
enum ModuleTrust {
    /// Why `path` may not be loaded by root, or nil when it may. Symlinks are checked at both ends.
    static func refusal(forModuleAt path: String) -> String? {
        guard let resolved = realPath(path) else { return "cannot resolve \(path): \(String(cString: strerror(errno)))" }
        var places = [(path: resolved, what: "module file"), (path: parentDirectory(resolved), what: "directory")]
        if resolved != path { places.append((parentDirectory(path), "directory")) }
        for place in places {
            var info = stat()
            guard stat(place.path, &info) == 0 else {
                return "cannot stat \(place.path): \(String(cString: strerror(errno)))"
            }
            if info.st_uid != 0 {
                return "\(place.what) \(place.path) is owned by uid \(info.st_uid), not root; loading it would hand root to that user (chown root it or move the module)"
            }
            if info.st_mode & (S_IWGRP | S_IWOTH) != 0 {
                let mode = String(info.st_mode & 0o7777, radix: 8)
                return "\(place.what) \(place.path) is writable by group or others (mode \(mode)); loading it would hand root to them (chmod go-w it)"
            }
        }
        return nil
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func parentDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return path.hasPrefix("/") ? "/" : "." }
        return String(path[..<slash])
    }
}
