import CIsolation
import Glibc

/// The rule for loading code as root, and the one way a module file is opened for loading.
///
/// As root, a module file and every directory from `/` down to it must be owned by root and
/// writable by no one else (a world-writable directory is refused even with the sticky bit):
/// whoever can write any of them can replace the library and have it run as root. The check is
/// made on open descriptors, walking down from `/` without following links, and the file's
/// descriptor is what gets loaded (`/proc/self/fd/N`), so nothing can be swapped between the
/// check and the load. The file must also lie on a filesystem whose owners and modes the kernel
/// vouches for: not FUSE (a user-space server reports them, and a user's server can make a file
/// claim root) and not one mounted `nosuid` (user-mountable media, a user's mounts, where the
/// kernel itself does not trust set-id bits) unless it is mounted without nosuid elsewhere: a
/// service manager's sandbox bind-mounts system directories nosuid (systemd's, for
/// `NoNewPrivileges=yes`), and there the flag says nothing about where a file lies.
///
/// The rule holds for root and for any process the kernel runs in secure mode (`AT_SECURE`: a
/// setuid, setgid or file-capability binary), whose caller may be a user it must not trust.
enum ModuleTrust {
    /// Whether this process must apply the rule: it runs as root or in secure mode.
    static var isEnforced: Bool { geteuid() == 0 || netagent_is_secure_execution() != 0 }

    /// Opens `path` read-only for loading and returns its descriptor (close-on-exec), checked:
    /// a regular file, and, when `enforce` is set, owned by root in a chain of root-only
    /// directories. Symlinks in `path` are resolved first; the resolved chain is what is checked.
    static func openForLoading(_ path: String, enforce: Bool) throws(LoadRefusal) -> Int32 {
        guard enforce else {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw LoadRefusal("cannot open \(path): \(lastError())") }
            return try checked(fd) { fd throws(LoadRefusal) in try requireRegularFile(fd, path) }
        }
        guard let resolved = realPath(path) else { throw LoadRefusal("cannot resolve \(path): \(lastError())") }
        let names = resolved.split(separator: "/").map(String.init)
        guard let fileName = names.last else { throw LoadRefusal("\(path) resolves to /, not a module file") }
        var directory = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { throw LoadRefusal("cannot open /: \(lastError())") }
        var walked = ""
        do throws(LoadRefusal) {
            try requireRootOnly(directory, "/", what: "directory")
            for name in names.dropLast() {
                walked += "/" + name
                let next = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard next >= 0 else {
                    throw LoadRefusal(
                        "cannot open directory \(walked) without following links: \(lastError()) (did it change while netagent checked it?)"
                    )
                }
                close(directory)
                directory = next
                try requireRootOnly(directory, walked, what: "directory")
            }
        } catch {
            close(directory)
            throw error
        }
        let fd = openat(directory, fileName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        close(directory)
        guard fd >= 0 else { throw LoadRefusal("cannot open \(resolved) without following links: \(lastError())") }
        return try checked(fd) { fd throws(LoadRefusal) in
            try requireRegularFile(fd, resolved)
            try requireRootOnly(fd, resolved, what: "module file")
            try requireTrustedFilesystem(fd, resolved)
        }
    }

    /// The magic number of FUSE filesystems (statfs(2)).
    private static let fuseMagic = 0x6573_5546

    /// Refuses a file on FUSE, or on a filesystem mounted nosuid wherever it is mounted.
    private static func requireTrustedFilesystem(_ fd: Int32, _ path: String) throws(LoadRefusal) {
        var type = 0
        let typeStatus = netagent_filesystem_type(fd, &type)
        guard typeStatus == 0 else { throw LoadRefusal("cannot stat the filesystem of \(path): \(String(cString: strerror(-typeStatus)))") }
        if type == fuseMagic {
            throw LoadRefusal(
                "module file \(path) is on a FUSE filesystem, whose owners and modes come from a user-space server that may claim root for anyone's file; install modules on a local filesystem"
            )
        }
        var mount = statvfs()
        guard fstatvfs(fd, &mount) == 0 else { throw LoadRefusal("cannot stat the filesystem of \(path): \(lastError())") }
        let device = try status(fd, path).st_dev
        if mount.f_flag & UInt(ST_NOSUID) != 0 && !MountTable.isMountedWithSetIDSomewhere(device: device) {
            throw LoadRefusal(
                "module file \(path) is on a filesystem mounted nosuid (user-mountable media or a user's mount), whose files the kernel does not trust with privileges; install modules on a filesystem mounted without nosuid"
            )
        }
    }

    /// Refuses what anyone but root owns or can write.
    private static func requireRootOnly(_ fd: Int32, _ path: String, what: String) throws(LoadRefusal) {
        let info = try status(fd, path)
        if info.st_uid != 0 {
            throw LoadRefusal(
                "\(what) \(path) is owned by \(userName(info.st_uid)), not root; loading a module through it would hand root to that user (chown root it, or move the module to a directory only root can write)"
            )
        }
        let mode = String(info.st_mode & 0o7777, radix: 8)
        if info.st_mode & S_IWOTH != 0 && info.st_mode & S_ISVTX != 0 {
            throw LoadRefusal(
                "\(what) \(path) is world-writable (mode \(mode), sticky); modules must lie in directories only root can write (move the module out of it)"
            )
        }
        if info.st_mode & (S_IWGRP | S_IWOTH) != 0 {
            throw LoadRefusal(
                "\(what) \(path) is writable by group or others (mode \(mode)); loading a module through it would hand root to them (chmod go-w it)"
            )
        }
    }

    private static func requireRegularFile(_ fd: Int32, _ path: String) throws(LoadRefusal) {
        guard try status(fd, path).st_mode & S_IFMT == S_IFREG else {
            throw LoadRefusal("\(path) is not a regular file")
        }
    }

    private static func status(_ fd: Int32, _ path: String) throws(LoadRefusal) -> stat {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw LoadRefusal("cannot stat \(path): \(lastError())") }
        return info
    }

    /// Returns `fd` when `checks` pass; closes it when they do not.
    private static func checked(_ fd: Int32, _ checks: (Int32) throws(LoadRefusal) -> Void) throws(LoadRefusal) -> Int32 {
        do throws(LoadRefusal) {
            try checks(fd)
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// "uid 1001 (deploy)", or "uid 1001" when the user has no name.
    private static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return "uid \(uid) (\(String(cString: name)))"
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
