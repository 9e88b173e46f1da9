import Glibc

/// A directory that a knob creates, such as `/etc/systemd/resolved.conf.d`. It gets the mode its
/// consumer needs whatever the process's umask (the agent's unit runs with `UMask=0077`, which
/// would make it 0700 and leave systemd-resolved, not root, unable to read the drop-in in it),
/// and its value says the mode, so a read-back finds a directory others cannot read.
///
/// Values: `"directory"` is a directory of mode 0755; `"directory mode 0NNN"` one of another
/// mode (what a read finds on a directory someone made otherwise, and what a rollback restores).
public enum KnobDirectory {
    /// The value of a directory of mode 0755, the mode every directory netagent creates has.
    public static let present = "directory"
    /// The mode `present` stands for.
    public static let presentMode: mode_t = 0o755

    /// The value of what is at `path`: nil when nothing is there. A symlink or a file there is
    /// an error (ENOTDIR).
    public static func read(_ path: RootedPath) throws(SystemCallError) -> String? {
        let info: stat?
        do {
            info = try OpenDirectory(path.parent).status(of: path.name)
        } catch let error where error.code == ENOENT {
            return nil
        }
        guard let info else { return nil }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw SystemCallError("use as a directory", path.description, code: ENOTDIR) }
        return value(ofMode: info.st_mode & 0o7777)
    }

    /// Makes `path` a directory of the mode `value` names, creating it when it is absent, and
    /// setting the mode through a descriptor of the directory itself (never through a link).
    /// The parent must exist.
    public static func write(_ path: RootedPath, value: String) throws(SystemCallError) {
        guard let mode = mode(of: value) else { throw SystemCallError("set \"\(value)\" on", path.description, code: EINVAL) }
        let parent: OpenDirectory
        do {
            parent = try OpenDirectory(path.parent)
        } catch {
            throw SystemCallError("create the directory", path.description, code: error.code)
        }
        if mkdirat(parent.fd, path.name, mode) != 0 && errno != EEXIST { throw SystemCallError("create the directory", path.description) }
        let fd = openat(parent.fd, path.name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError("open directory", path.description) }
        defer { close(fd) }
        guard fchmod(fd, mode) == 0 else { throw SystemCallError("set the mode of", path.description) }
    }

    /// Removes the directory `path` once it is empty but for the temporary files a crash left in
    /// it (which go first); nothing to do when it is gone. ENOTEMPTY when anything else is in it.
    public static func remove(_ path: RootedPath) throws(SystemCallError) {
        let parent: OpenDirectory
        do {
            parent = try OpenDirectory(path.parent)
            try DurableFile.removeTemporaries(in: OpenDirectory(path.name, in: parent))
        } catch let error where error.code == ENOENT {
            return
        }
        if unlinkat(parent.fd, path.name, AT_REMOVEDIR) != 0 && errno != ENOENT {
            throw SystemCallError("remove directory", path.description)
        }
    }

    /// The mode a value names, nil when it is not a directory value.
    public static func mode(of value: String) -> mode_t? {
        if value == present { return presentMode }
        let prefix = present + " mode "
        guard value.hasPrefix(prefix), let mode = mode_t(value.dropFirst(prefix.count), radix: 8), mode <= 0o7777 else { return nil }
        return mode
    }

    /// The value of a directory of `mode`.
    public static func value(ofMode mode: mode_t) -> String {
        guard mode != presentMode else { return present }
        let octal = String(mode, radix: 8)
        return present + " mode " + String(repeating: "0", count: max(0, 4 - octal.count)) + octal
    }
}
