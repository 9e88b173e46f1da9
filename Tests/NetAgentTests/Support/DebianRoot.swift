import Foundation

/// A throwaway Debian made with `debootstrap --variant=minbase` (the release this machine runs),
/// with extra packages included, and /proc mounted while it lives (unless it is to be booted,
/// which mounts its own). It has no Swift toolchain: what runs there runs on what a package brought.
final class DebianRoot {
    let path: String
    private let directory: TemporaryDirectory
    private let mountsProc: Bool

    /// Bootstraps a root with `packages` included (from the Debian mirror this machine uses).
    init(including packages: [String], mountingProc: Bool = true) throws {
        directory = try TemporaryDirectory()
        mountsProc = mountingProc
        path = directory.path + "/root"
        let osRelease = try String(contentsOfFile: "/etc/os-release", encoding: .utf8).split(separator: "\n")
        guard let release = osRelease.first(where: { $0.hasPrefix("VERSION_CODENAME=") })?.dropFirst("VERSION_CODENAME=".count) else {
            throw TestFailure("/etc/os-release names no VERSION_CODENAME to bootstrap")
        }
        var arguments = ["debootstrap", "--variant=minbase"]
        if !packages.isEmpty { arguments.append("--include=" + packages.joined(separator: ",")) }
        try Command.check(arguments + [String(release), path, Self.mirror])
        if mountingProc { try Command.check(["mount", "-t", "proc", "proc", path + "/proc"]) }
    }

    deinit {
        if mountsProc { _ = try? Command.run(["umount", "-l", path + "/proc"]) }
    }

    /// The first Debian mirror of this machine's apt sources.
    static var mirror: String {
        let sources = (try? FileManager.default.contentsOfDirectory(atPath: "/etc/apt/sources.list.d")) ?? []
        let texts = (sources.map { "/etc/apt/sources.list.d/" + $0 } + ["/etc/apt/sources.list"])
            .compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
        for line in texts.joined(separator: "\n").split(separator: "\n") {
            let words = line.split(separator: " ")
            if let uri = words.first(where: { $0.hasPrefix("http") && $0.hasSuffix("/debian") }) { return String(uri) }
        }
        return "http://deb.debian.org/debian"
    }

    /// Runs `arguments` inside the root (chroot), in network namespace `namespace` when given.
    func run(_ arguments: [String], namespace: String? = nil) throws -> CommandResult {
        let prefix = namespace.map { ["ip", "netns", "exec", $0] } ?? []
        return try Command.run(prefix + ["chroot", path] + arguments, environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"])
    }

    /// Every path in the root, but the ones a package's install and removal touch by design:
    /// dpkg's database and log, /proc, /tmp, and the backups useradd keeps of the user database
    /// (the package's system user stays after a purge, as Debian's policy has it).
    func paths() throws -> Set<String> {
        let listing = try Command.check(["find", path, "-mount", "-path", path + "/proc", "-prune", "-o", "-print"]).stdout
        return Set(
            listing.split(separator: "\n").map { String($0.dropFirst(path.count)) }.filter { path in
                !["/var/lib/dpkg/", "/var/log/", "/tmp/", "/proc"].contains { path.hasPrefix($0) }
                    && !["/etc/passwd-", "/etc/group-", "/etc/shadow-", "/etc/gshadow-"].contains(path)
            })
    }
}
