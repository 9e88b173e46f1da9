import Foundation

/// A Debian tree booted with its own systemd (`systemd-nspawn -b`) in a network namespace of its
/// own: the real service manager, D-Bus and journal that the package's units run under. Commands
/// run inside through `nsenter` into every namespace of its init. Powered off when dropped.
///
/// Its network namespace has `lo` and `host0`, one end of a veth pair (no address). Its /sys is
/// read-only, as systemd-nspawn makes it, but for the host's transparent huge page settings:
/// they have no namespace, so the container shares the host's (bound to /srv/host-thp, and from
/// there over /sys/kernel/mm/transparent_hugepage by the container's own fstab, so that they are
/// in place before any unit starts, after a reboot too). A test that changes them restores them.
final class BootedContainer {
    let root: DebianRoot
    private var nspawn: BackgroundProcess?
    /// The pid of the container's systemd, as this machine sees it.
    private(set) var initPID: pid_t = 0

    /// Boots `root` and waits until its systemd says the system is running.
    init(_ root: DebianRoot) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root.path + Self.hostTHP, withIntermediateDirectories: true)
        let fstab = root.path + "/etc/fstab"
        let lines = (try? String(contentsOfFile: fstab, encoding: .utf8)) ?? ""
        try (lines + "\(Self.hostTHP) \(Self.thp) none bind 0 0\n").write(toFile: fstab, atomically: false, encoding: .utf8)
        try boot()
    }

    static let thp = "/sys/kernel/mm/transparent_hugepage"
    private static let hostTHP = "/srv/host-thp"

    deinit {
        _ = try? run(["systemctl", "poweroff"])
        if nspawn?.waitForExit(timeoutMS: 30_000) == nil { nspawn?.send(SIGKILL) }
    }

    /// Starts systemd-nspawn (the host has no systemd or D-Bus to register with, and cgroup v1
    /// beside the unified hierarchy, hence the options) and waits for the boot to finish.
    private func boot() throws {
        let process = try BackgroundProcess(
            [
                "/usr/bin/systemd-nspawn", "--directory", root.path, "--boot", "--register=no", "--keep-unit", "--network-veth",
                "--bind=\(Self.thp):\(Self.hostTHP)", "--resolv-conf=off", "--console=pipe",
            ], environment: ["SYSTEMD_NSPAWN_UNIFIED_HIERARCHY": "0"], settleMS: 0)
        nspawn = process
        initPID = 0
        let deadline = Date().addingTimeInterval(60)
        while initPID == 0 && Date() < deadline {
            initPID = ProcessTable.children(of: process.pid).first { ProcessTable.commandLine($0).hasPrefix("/") } ?? 0
            if initPID == 0 { usleep(100_000) }
        }
        guard initPID != 0 else { throw TestFailure("systemd-nspawn started no init: \(process.stderr)") }
        var state = ""
        while Date() < deadline {
            state = (try? run(["systemctl", "is-system-running"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? ""
            if state == "running" || state == "degraded" { return }
            usleep(200_000)
        }
        throw TestFailure("the container did not finish booting: \(state); \(process.stdout)")
    }

    /// Runs `arguments` inside the container, as root, in all its namespaces.
    @discardableResult
    func run(_ arguments: [String]) throws -> CommandResult {
        try Command.run(
            ["nsenter", "--target", "\(initPID)", "--all", "--"] + arguments, environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"])
    }

    /// Runs `arguments`, a program of this machine's, in the container's network namespace only.
    func runInNetwork(_ arguments: [String]) throws -> CommandResult {
        try Command.run(["nsenter", "--target", "\(initPID)", "--net", "--"] + arguments)
    }

    /// A sysctl's value as the container's network namespace has it.
    func sysctl(_ name: String) throws -> String {
        try runInNetwork(["cat", "/proc/sys/" + name.replacingOccurrences(of: ".", with: "/")]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A property of a unit (`systemctl show --value`).
    func property(_ name: String, of unit: String) throws -> String {
        try run(["systemctl", "show", "--property=" + name, "--value", unit]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits up to `seconds` for `condition`.
    func eventually(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if try condition() { return true }
            usleep(250_000)
        } while Date() < deadline
        return false
    }

    /// Reboots the container: its systemd shuts down and systemd-nspawn exits (status 133, which
    /// a service manager takes as "start me again"); then it boots again, in a new network namespace.
    func reboot() throws {
        _ = try run(["systemctl", "reboot"])
        let status = nspawn?.waitForExit(timeoutMS: 60_000)
        guard status == 133 else { throw TestFailure("systemd-nspawn ended with \(status.map(String.init) ?? "nothing") on reboot") }
        try boot()
    }
}
