import Foundation

/// A fleet of `FleetHost`s on one bridge, reached over SSH with a key made here, and Ansible
/// (`contrib/ansible`) run against them from this machine as the controller. The Debian tree
/// the hosts share is bootstrapped for the fleet, with the package's dependencies and what
/// Ansible and sshd need (python3, python3-apt, openssh-server).
final class Fleet {
    /// The hosts' addresses are 10.77.0.x/24; the controller is .1 on the bridge.
    static let controllerAddress = "10.77.0.1"
    private(set) var hosts: [FleetHost]
    let directory: TemporaryDirectory
    private let bridge: String
    /// The tree the hosts share, below each host's own changes.
    private let tree: DebianRoot

    /// Hosts named and addressed as given, on a tree with `package`'s dependencies.
    init(_ names: [(name: String, address: String)], package: String) throws {
        tree = try DebianRoot(
            including: try DebianPackageTests.dependencies(of: package) + ["python3", "python3-apt", "openssh-server", "iproute2"])
        directory = try TemporaryDirectory()
        bridge = TestEnvironment.uniqueName("nab")
        try Command.check(["ip", "link", "add", bridge, "type", "bridge"])
        try Command.check(["ip", "addr", "add", Self.controllerAddress + "/24", "dev", bridge])
        try Command.check(["ip", "link", "set", bridge, "up"])
        try Command.check(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", directory.path + "/key"])
        let key = try String(contentsOfFile: directory.path + "/key.pub", encoding: .utf8)
        let (bridge, tree) = (bridge, tree.path)
        hosts = try names.map { try FleetHost(name: $0.name, address: $0.address, bridge: bridge, tree: tree, authorizedKey: key) }
        for host in hosts { try waitForSSH(host) }
    }

    deinit {
        hosts = []  // before the tree they are mounted on
        _ = try? Command.run(["ip", "link", "delete", bridge])
    }

    /// The options every SSH connection of the fleet uses: the test's key, no host key checks
    /// (the hosts share the tree's host keys and are new every run).
    var sshOptions: [String] {
        ["-i", directory.path + "/key", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes"]
    }

    private func waitForSSH(_ host: FleetHost) throws {
        for _ in 0..<50 {
            let probe = try Command.run(["ssh"] + sshOptions + ["-o", "ConnectTimeout=1", "root@" + host.address, "true"])
            if probe.status == 0 { return }
            usleep(200_000)
        }
        throw TestFailure("sshd on \(host.name) (\(host.address)) did not answer")
    }

    /// Runs `ansible-playbook` with `playbook` from contrib/ansible against `inventory` (YAML
    /// text), and `arguments` after. How to connect is in group_vars beside the inventory.
    func play(_ playbook: String, inventory: String, _ arguments: [String] = []) throws -> AnsibleRun {
        let connection = """
            ansible_user: root
            ansible_ssh_private_key_file: \(directory.path)/key
            ansible_ssh_common_args: "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
            ansible_python_interpreter: /usr/bin/python3

            """
        try FileManager.default.createDirectory(atPath: directory.path + "/group_vars", withIntermediateDirectories: true)
        try connection.write(toFile: directory.path + "/group_vars/all.yml", atomically: true, encoding: .utf8)
        try inventory.write(toFile: directory.path + "/inventory.yml", atomically: true, encoding: .utf8)
        let result = try Command.run(
            ["ansible-playbook", "-i", directory.path + "/inventory.yml", TestEnvironment.packageRoot + "/contrib/ansible/" + playbook]
                + arguments,
            environment: [
                "ANSIBLE_NOCOLOR": "1", "ANSIBLE_HOST_KEY_CHECKING": "False", "ANSIBLE_LOCAL_TEMP": directory.path + "/ansible",
                "ANSIBLE_SSH_CONTROL_PATH_DIR": directory.path + "/ansible-cp",
            ])
        return AnsibleRun(result: result)
    }
}

/// What one `ansible-playbook` run did: its exit status, output, and per host the PLAY RECAP's counts.
struct AnsibleRun {
    let result: CommandResult

    /// The PLAY RECAP's count `name` (ok, changed, failed, ...) for `host`; nil when the host is not in it.
    func count(_ name: String, host: String) -> Int? {
        let line = result.stdout.split(separator: "\n").last { $0.hasPrefix(host + " ") && $0.contains(" : ") }
        let field = line?.split(separator: " ").first { $0.hasPrefix(name + "=") }
        return field.flatMap { Int($0.dropFirst(name.count + 1)) }
    }
}
