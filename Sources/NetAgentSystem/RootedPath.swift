import CRootedOpen
import Glibc

/// An absolute path inside a root directory: "/" normally, the `--root` tree in tests and image
/// builds. It is only ever opened through the kernel's `openat2(RESOLVE_IN_ROOT)`, so every
/// symlink and `..` in it, at any depth, resolves as if the root were `/`: an image whose
/// `etc/resolv.conf` points to `/x/shadow`, with `x` a link to `/etc`, reaches the image's
/// `etc/shadow`, never the host's. This needs Linux 5.6; an older kernel gets ENOSYS under a
/// root other than `/`.
public struct RootedPath: Sendable, Equatable, CustomStringConvertible {
    /// The root directory: "/" or an absolute path without a trailing slash.
    public let root: String
    /// The path inside the root, absolute ("/etc/resolv.conf").
    public let path: String

    /// `path` (absolute) inside `root`. Nothing is checked here: whatever the text, opening it
    /// stays inside the root. Refuse `..` in keys before, where a key names one file.
    public init(root: String, _ path: String) {
        self.root = root
        self.path = path
    }

    /// The path as the host sees it, for messages: the root followed by the path.
    public var description: String { root == "/" ? path : root + path }

    /// The directory that holds it, inside the same root.
    public var parent: RootedPath { RootedPath(root: root, FilePaths.parent(of: path)) }

    /// Its last component.
    public var name: String { FilePaths.name(of: path) }

    /// Opens it with `flags` (as for open(2); `O_CLOEXEC` is added) and, with `O_CREAT`, `mode`.
    public func open(_ flags: Int32, mode: mode_t = 0) throws(SystemCallError) -> Int32 {
        let rootFD = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else { throw SystemCallError("open the root directory", root) }
        defer { close(rootFD) }
        let fd = netagent_open_in_root(rootFD, path, flags | O_CLOEXEC, mode)
        if fd == -ENOSYS && root == "/" {
            let plain = Glibc.open(path, flags | O_CLOEXEC, mode)
            guard plain >= 0 else { throw SystemCallError("open", description) }
            return plain
        }
        guard fd >= 0 else { throw SystemCallError("open", description, code: Int32(-fd)) }
        return fd
    }
}
