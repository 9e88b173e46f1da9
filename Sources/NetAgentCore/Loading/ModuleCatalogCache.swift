import FoundationEssentials
import Glibc
import NetAgentSystem

/// What module files said of themselves when a helper last inspected them, kept in
/// `<cache-dir>/module-catalog.json` (`/var/cache/netagent` by default), so that a command whose
/// module files have not changed starts without an inspecting helper process (which costs more
/// CPU than the rest of a short probe run: docs/BENCHMARKS.md, "Thousands of targets").
///
/// A record is reused only for the same path and the same `FileIdentity` (device, inode, size,
/// modification and change time), and only while the inspecting program, the dynamic linker's
/// cache (`/etc/ld.so.cache`, rewritten by ldconfig whenever a library is installed or removed)
/// and `LD_LIBRARY_PATH` are the ones it was inspected with. Only usable modules are kept:
/// a refused file is inspected again every time, so its reason is always today's. The trust
/// check (`ModuleTrust`) is never cached, and a module is loaded by the name it was listed
/// under (`ModuleLoader.load`), which fails if the file changed after all.
///
/// The cache is only ever a shortcut: a file that is missing, unreadable, malformed, from
/// another format, owned by anyone but root or this user, or writable by others is ignored (and
/// replaced when this user can), and a cache that cannot be written is not an error. It lives
/// apart from the state directory, which commands that change nothing leave untouched.
public struct ModuleCatalogCache: Sendable {
    /// Where the cache lives unless `--cache-dir` says otherwise.
    public static let defaultDirectory = "/var/cache/netagent"

    /// The cache file.
    public let path: String

    /// How long after its last change a file must have been inspected for its record to be
    /// kept: file times come from a clock that ticks every few milliseconds, so a file written
    /// again within the tick of its inspection would keep its identity (git's "racy" entries).
    static let settledNS: Int64 = 1_000_000_000

    /// The cache file's format; a file of another format is ignored.
    static let format = 1

    /// The cache in `directory` (`--cache-dir`).
    public init(directory: String) {
        path = directory + "/module-catalog.json"
    }

    /// What must be unchanged for any kept record to be reused.
    struct Stamp: Codable, Equatable {
        var format = ModuleCatalogCache.format
        /// The netagent program that inspected the files (the helper).
        var helper: FileIdentity?
        /// `/etc/ld.so.cache`, where the dynamic linker finds the libraries a module needs.
        var loaderCache: FileIdentity?
        /// `$LD_LIBRARY_PATH`, which also decides which libraries a module gets.
        var libraryPath: String?

        enum CodingKeys: String, CodingKey {
            case format, helper
            case loaderCache = "loader_cache"
            case libraryPath = "library_path"
        }

        /// The stamp of this process's environment, with `helperPath` as the inspecting program.
        static func current(helperPath: String) -> Stamp {
            Stamp(
                helper: FileIdentity(path: helperPath), loaderCache: FileIdentity(path: "/etc/ld.so.cache"),
                libraryPath: getenv("LD_LIBRARY_PATH").map { String(cString: $0) })
        }
    }

    /// One module file as a helper inspected it.
    struct Entry: Codable, Equatable {
        var path: String
        var identity: FileIdentity
        var record: ModuleRecord
    }

    /// The cache file's content.
    private struct Contents: Codable {
        var stamp: Stamp
        var entries: [Entry]
    }

    /// The kept entries by path, when the file exists, can be trusted and has `stamp`; none otherwise.
    func entries(matching stamp: Stamp) -> [String: Entry] {
        guard let bytes = trustedBytes(), let contents = try? JSONDecoder().decode(Contents.self, from: Data(bytes)),
            contents.stamp == stamp
        else { return [:] }
        return Dictionary(contents.entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Replaces the cache with `entries` under `stamp`, creating its directory (mode 0755) when
    /// it is missing; failing that, nothing happens (the next command inspects again).
    func store(_ entries: [Entry], stamp: Stamp) {
        guard let json = try? JSONEncoder().encode(Contents(stamp: stamp, entries: entries)) else { return }
        guard (try? DirectoryTree.create(FilePaths.parent(of: path), mode: 0o755)) != nil else { return }
        // A file that cannot be trusted would keep its owner and mode through `replace`.
        var info = stat()
        if lstat(path, &info) == 0 && !Self.isTrusted(info) { try? DurableFile.remove(path) }
        try? DurableFile.replace(path, with: String(decoding: json, as: UTF8.self) + "\n", newFileMode: 0o644)
    }

    /// The file's bytes when it can be trusted (`isTrusted`), read through one descriptor
    /// without following a symlink; nil otherwise.
    private func trustedBytes() -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, Self.isTrusted(info), info.st_size <= 16 << 20 else { return nil }
        return try? DurableFile.readAll(fd, path)
    }

    /// A regular file owned by root or this user and writable by no one else.
    private static func isTrusted(_ info: stat) -> Bool {
        info.st_mode & S_IFMT == S_IFREG && (info.st_uid == 0 || info.st_uid == geteuid())
            && info.st_mode & (S_IWGRP | S_IWOTH) == 0
    }
}
