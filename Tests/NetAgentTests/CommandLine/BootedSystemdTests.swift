import Foundation
import Testing

/// The package under a real systemd: a minimal Debian booted in `systemd-nspawn` (its own network
/// namespace), the `.deb` installed there, and the agent run by its own unit with all its
/// hardening. `systemd-analyze verify` checks a unit's syntax; this shows that the unit works:
/// `Type=notify` reaches running, the hardening lets the tuners apply and every probe measure
/// (the helpers drop root under its capability bounding set and system call filter), reload,
/// the watchdog, an upgrade, a reboot and removal. The container's /sys is read-only and it has
/// no NIC but lo, so thp, cpu and nic are left to the tests on the host's namespaces and veths.
@Suite(.serialized, .enabled(if: TestEnvironment.isRoot, "needs root for debootstrap and systemd-nspawn"))
struct BootedSystemdTests {
    static let unit = "netagent-agent.service"
    static let congestion = "net.ipv4.tcp_congestion_control"

    /// The agent's config: tuners that a container's network namespace and /etc can take, and
    /// every probe against servers inside the container (the agent itself, iperf3 -s).
    static func config(enablingTCP: Bool) -> String {
        let tuners = ["bbr", "buffers", "limits", "dns"] + (enablingTCP ? ["tcp"] : [])
        let probes = ["icmp", "tcpconnect", "http", "loss", "voice", "responsiveness"]
        return """
            profile = "aggressive"
            enable = [\((tuners + probes).map { "\"\($0)\"" }.joined(separator: ", "))]
            [agent]
            probe_interval_s = 2
            [icmp]
            targets = ["127.0.0.1"]
            count = 3
            [tcpconnect]
            targets = ["127.0.0.1:9987"]
            count = 3
            [http]
            targets = ["http://127.0.0.1:9987/metrics"]
            count = 2
            [loss]
            targets = ["127.0.0.1"]
            count = 20
            [voice]
            targets = ["127.0.0.1"]
            count = 20
            [responsiveness]
            targets = ["127.0.0.1:5201"]
            duration_s = 3
            probe_interval_s = 10

            """
    }

    /// The package again under a higher version, as an upgrade brings it.
    static func upgraded(_ package: String, in directory: TemporaryDirectory) throws -> String {
        let tree = directory.path + "/upgrade"
        try Command.check(["dpkg-deb", "--raw-extract", package, tree])
        let control = tree + "/DEBIAN/control"
        let text = try String(contentsOfFile: control, encoding: .utf8)
        let version = try DebianPackageTests.field("Version", of: package)
        try text.replacingOccurrences(of: "Version: \(version)\n", with: "Version: \(version)+upgrade1\n")
            .write(toFile: control, atomically: false, encoding: .utf8)
        try Command.check(["dpkg-deb", "--root-owner-group", "--build", tree, directory.path + "/netagent-upgrade.deb"])
        return directory.path + "/netagent-upgrade.deb"
    }

    /// Every probe's `probe_success` is 1 on the agent's /metrics.
    static func everyProbeSucceeded(_ container: BootedContainer) throws -> Bool {
        let metrics = try container.runInNetwork(["curl", "--silent", "--max-time", "5", "http://127.0.0.1:9987/metrics"]).stdout
        return ["icmp", "tcpconnect", "http", "loss", "voice", "responsiveness"].allSatisfy { module in
            metrics.split(separator: "\n").contains { line in
                line.hasPrefix("probe_success{module=\"\(module)\"") && line.split(separator: " ").last.flatMap { Double($0) } == 1
            }
        }
    }

    @Test func theAgentRunsUnderItsUnitThroughReloadWatchdogUpgradeRebootAndRemoval() throws {
        let (package, _) = try DebianPackageTests.built.get()
        let root = try DebianRoot(
            including: try DebianPackageTests.dependencies(of: package) + ["systemd", "systemd-sysv", "dbus", "iperf3"], mountingProc: false
        )
        let scratch = try TemporaryDirectory()
        // A booted systemd mounts a tmpfs on /tmp, so the packages wait in /srv.
        try Command.check(["cp", package, root.path + "/srv/netagent.deb"])
        try Command.check(["cp", try Self.upgraded(package, in: scratch), root.path + "/srv/netagent-upgrade.deb"])
        try CongestionControlAllowance.withBBR {
            let container = try BootedContainer(root)
            #expect(try container.runInNetwork(["sysctl", "--write", Self.congestion + "=cubic"]).status == 0)
            let install = try container.run(["dpkg", "-i", "/srv/netagent.deb"])
            #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
            try Self.config(enablingTCP: false).write(toFile: root.path + "/etc/netagent/netagent.toml", atomically: false, encoding: .utf8)
            #expect(try container.run(["systemd-run", "--unit=iperf3-server", "iperf3", "--server"]).status == 0)

            // Type=notify: `systemctl start` returns once the agent said READY=1.
            let start = try container.run(["systemctl", "enable", "--now", Self.unit])
            #expect(start.status == 0, "\(start.stderr)")
            #expect(try container.property("ActiveState", of: Self.unit) == "active")
            #expect(try container.property("SubState", of: Self.unit) == "running")
            #expect(try container.sysctl(Self.congestion) == "bbr", "the selection is applied")
            #expect(
                try container.eventually(seconds: 60) { try Self.everyProbeSucceeded(container) },
                "every probe measures under the hardening")
            let status = try container.run(["netagent", "status"])
            #expect(status.status == 0, "every knob is in place: \(status.stdout)\(status.stderr)")

            // Reload: the config now also enables tcp.
            try Self.config(enablingTCP: true).write(toFile: root.path + "/etc/netagent/netagent.toml", atomically: false, encoding: .utf8)
            #expect(try container.run(["systemctl", "reload", Self.unit]).status == 0)
            #expect(try container.eventually(seconds: 10) { try container.sysctl("net.ipv4.tcp_slow_start_after_idle") == "0" })

            // Watchdog: a stopped agent stops sending WATCHDOG=1 and systemd restarts it.
            let stopped = try container.property("MainPID", of: Self.unit)
            #expect(try container.run(["kill", "-STOP", stopped]).status == 0)
            let restarted = try container.eventually(seconds: 75) {
                try container.property("MainPID", of: Self.unit) != stopped && container.property("SubState", of: Self.unit) == "running"
            }
            let log = try container.run(["journalctl", "--unit", Self.unit, "--lines", "20"]).stdout
            #expect(restarted, "the watchdog restarted the agent: \(log)")
            #expect(try Int(container.property("NRestarts", of: Self.unit)) ?? 0 >= 1)

            // Upgrade: the journal stays and the running agent restarts on the new binary.
            let journal = Set(try FileManager.default.contentsOfDirectory(atPath: root.path + "/var/lib/netagent/journal"))
            let beforeUpgrade = try container.property("MainPID", of: Self.unit)
            let upgrade = try container.run(["dpkg", "-i", "/srv/netagent-upgrade.deb"])
            #expect(upgrade.status == 0, "\(upgrade.stdout)\(upgrade.stderr)")
            #expect(journal.isSubset(of: try FileManager.default.contentsOfDirectory(atPath: root.path + "/var/lib/netagent/journal")))
            #expect(try container.property("MainPID", of: Self.unit) != beforeUpgrade, "try-restart on upgrade")
            #expect(try container.property("SubState", of: Self.unit) == "running")

            // Reboot: a new network namespace with the kernel's defaults (slow start after idle on),
            // tuned again at boot.
            try container.reboot()
            #expect(try container.eventually(seconds: 30) { try container.property("SubState", of: Self.unit) == "running" })
            #expect(try container.sysctl("net.ipv4.tcp_slow_start_after_idle") == "0", "the selection is applied again after a reboot")

            // Removal rolls the tuning back.
            let remove = try container.run(["apt-get", "remove", "--yes", "netagent"])
            #expect(remove.status == 0, "\(remove.stdout)\(remove.stderr)")
            #expect(try container.sysctl("net.ipv4.tcp_slow_start_after_idle") == "1")
            #expect(try container.sysctl("net.ipv4.tcp_notsent_lowat") == "4294967295")
        }
    }
}
