import Glibc

/// This mount namespace's mounts, from `/proc/self/mountinfo`, as far as module trust needs them.
enum MountTable {
    /// True when the filesystem on `device` is mounted without `nosuid` somewhere in this mount
    /// namespace. A filesystem that is nosuid everywhere is a user's or removable media; one that
    /// is nosuid only at some mount points is a system filesystem that a service manager's
    /// sandbox bind-mounted nosuid (systemd does so for each mount it makes, `/usr` included,
    /// when a unit sets `NoNewPrivileges=yes`).
    static func isMountedWithSetIDSomewhere(device: dev_t) -> Bool {
        guard let table = try? TextFile.read("/proc/self/mountinfo") else { return false }
        let wanted = "\(major(device)):\(minor(device))"
        return table.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 5 && fields[2] == wanted && !fields[5].split(separator: ",").contains("nosuid")
        }
    }

    /// The major number of a device (glibc's `major()`, a macro Swift cannot call).
    static func major(_ device: dev_t) -> UInt64 { ((UInt64(device) >> 8) & 0xfff) | ((UInt64(device) >> 32) & ~0xfff) }

    /// The minor number of a device (glibc's `minor()`).
    static func minor(_ device: dev_t) -> UInt64 { (UInt64(device) & 0xff) | ((UInt64(device) >> 12) & ~0xff) }
}
