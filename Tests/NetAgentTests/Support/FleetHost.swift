import Foundation
import Glibc

/// One host of a simulated fleet on this machine: its own network namespace (a veth on the
/// fleet's bridge), its own hostname (a UTS namespace kept open by a bind mount on a file) and
/// its own filesystem (an overlay on the fleet's Debian tree), with sshd running inside. What
/// runs "on" it enters all three; nothing of the host outlives the object.
final class FleetHost {
    let name: String
    let address: String
    let namespace: NetworkNamespace
    /// Its filesystem: the fleet's tree below, this host's changes above.
    let root: String
    private let directory: TemporaryDirectory
    private let hostname: String
    /// Programs started on the host (sshd, the agent), stopped when it is dropped.
    private var running: [pid_t] = []

    init(name: String, address: String, bridge: String, tree: String, authorizedKey: String) throws {
        self.name = name
        self.address = address
        namespace = try NetworkNamespace()
        directory = try TemporaryDirectory()
        root = directory.path + "/root"
        let veth = TestEnvironment.uniqueName("fv")
        try Command.check(["ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", namespace.name])
        try Command.check(["ip", "link", "set", veth, "master", bridge, "up"])
        try namespace.run(["ip", "addr", "add", address + "/24", "dev", "eth0"])
        try namespace.run(["ip", "link", "set", "eth0", "up"])
        hostname = directory.path + "/uts"
        FileManager.default.createFile(atPath: hostname, contents: nil)
        try Command.check(["unshare", "--uts=" + hostname, "hostname", name])
        for layer in ["upper", "work", "root"] {
            try FileManager.default.createDirectory(atPath: directory.path + "/" + layer, withIntermediateDirectories: true)
        }
        let layers = "lowerdir=\(tree),upperdir=\(directory.path)/upper,workdir=\(directory.path)/work"
        try Command.check(["mount", "-t", "overlay", "overlay", "-o", layers, root])
        try Command.check(["mount", "-t", "proc", "proc", root + "/proc"])
        try Command.check(["mount", "--bind", "/dev", root + "/dev"])
        // Mounted from inside the namespace, so /sys/class/net lists the host's own interfaces.
        try Command.check(["nsenter", "--net=/run/netns/" + namespace.name, "mount", "-t", "sysfs", "sysfs", root + "/sys"])
        try FileManager.default.createDirectory(atPath: root + "/run/sshd", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/root/.ssh", withIntermediateDirectories: true)
        try authorizedKey.write(toFile: root + "/root/.ssh/authorized_keys", atomically: true, encoding: .utf8)
        try start(["/usr/sbin/sshd", "-D", "-e"])
    }

    deinit {
        for pid in running {
            kill(pid, SIGKILL)
            waitpid(pid, nil, 0)
        }
        // What those left behind in the namespace (sshd's sessions, the agent's helpers) keeps
        // it, and its veth, alive.
        let left = (try? Command.run(["ip", "netns", "pids", namespace.name]).stdout) ?? ""
        for pid in left.split(separator: "\n").compactMap({ pid_t($0) }) { kill(pid, SIGKILL) }
        for mount in [root + "/sys", root + "/dev", root + "/proc", root, hostname] {
            _ = try? Command.run(["umount", "-l", mount])
        }
    }

    /// `arguments` as a program on this host: in its network namespace and hostname, with its
    /// filesystem as the root.
    func entering(_ arguments: [String]) -> [String] {
        ["/usr/bin/nsenter", "--net=/run/netns/" + namespace.name, "--uts=" + hostname, "/usr/sbin/chroot", root] + arguments
    }

    /// Runs a program on this host and waits for it.
    func run(_ arguments: [String]) throws -> CommandResult {
        try Command.run(entering(arguments), environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"])
    }

    /// Starts a program on this host that runs until the host is dropped (sshd, the agent), its
    /// output in `<name>.log` beside the host's root. Spawned directly rather than through
    /// Foundation's Process, which takes a child closing its inherited descriptors (as sshd
    /// does) for its exit, and then blocks every later process's wait.
    func start(_ arguments: [String]) throws {
        let command = entering(arguments)
        let log = directory.path + "/" + (arguments[0] as NSString).lastPathComponent + ".log"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = command.map { strdup($0) } + [nil]
        let environment = [strdup("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), nil]
        defer { for string in argv + environment { free(string) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, command[0], &actions, nil, argv, environment)
        guard status == 0 else { throw TestFailure("cannot start \(arguments[0]) on \(name): \(String(cString: strerror(status)))") }
        running.append(pid)
    }

    /// What a program started with `start` printed.
    func log(_ program: String) -> String {
        (try? String(contentsOfFile: directory.path + "/" + program + ".log", encoding: .utf8)) ?? ""
    }
}
