import Glibc

/// An open directory, the anchor of the `*at` calls that look at, replace and remove the files
/// in it: what is checked and what is changed are then in the same directory, even if someone
/// swaps a component of its path for a symlink in between.
public final class OpenDirectory {
    /// The descriptor, open for reading (so it can be listed and fsync'd).
    public let fd: Int32
    /// The directory's path, for messages.
    public let path: String

    /// Opens the directory at `path`, a path of the host's.
    public init(path: String) throws(SystemCallError) {
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError("open the directory", path) }
        self.path = path
    }

    /// Opens the directory `rooted` names, resolved inside its root.
    public init(_ rooted: RootedPath) throws(SystemCallError) {
        fd = try rooted.open(O_RDONLY | O_DIRECTORY)
        path = rooted.description
    }

    /// Opens the directory `name` in `parent`, refusing a symlink there.
    public init(_ name: String, in parent: OpenDirectory) throws(SystemCallError) {
        path = parent.pathOf(name)
        fd = openat(parent.fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError("open the directory", path) }
    }

    deinit { close(fd) }

    /// The path of `name` in this directory, for messages.
    public func pathOf(_ name: String) -> String { path == "/" ? "/" + name : path + "/" + name }

    /// `lstat` of `name` in this directory: nil when nothing is there.
    public func status(of name: String) throws(SystemCallError) -> stat? {
        var info = stat()
        guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return nil }
            throw SystemCallError("stat", pathOf(name))
        }
        return info
    }

    /// Removes the file `name`; nothing to do when it is gone.
    public func remove(_ name: String) throws(SystemCallError) {
        if unlinkat(fd, name, 0) != 0 && errno != ENOENT { throw SystemCallError("remove", pathOf(name)) }
    }

    /// fsyncs the directory, making the renames and removals in it durable; errors are ignored
    /// (the change is made by then).
    public func sync() { fsync(fd) }
}
