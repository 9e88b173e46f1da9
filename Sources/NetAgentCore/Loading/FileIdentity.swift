import Glibc

/// Which file a path named, and which content it had: device, inode, size and the modification
/// and change times in nanoseconds, as `git`'s index keeps them. Writing a file changes its
/// change time (which no one but the system clock can set back), replacing it changes the
/// inode, so an equal identity means the file was not touched in between, provided it was
/// taken more than a clock tick after the last write (`ModuleCatalogCache.settledNS`).
struct FileIdentity: Codable, Equatable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    /// st_mtime in nanoseconds since the epoch.
    let modifiedNS: Int64
    /// st_ctime in nanoseconds since the epoch.
    let changedNS: Int64

    enum CodingKeys: String, CodingKey {
        case device, inode, size
        case modifiedNS = "modified_ns"
        case changedNS = "changed_ns"
    }

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedNS = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changedNS = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    }

    /// The identity of the open file `fd`.
    init?(descriptor fd: Int32) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The identity of the file at `path`, following symlinks; nil when it cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }
}
