import Foundation
import Testing

/// The package under a real systemd: a minimal Debian booted in `systemd-nspawn` (its own network
/// namespace), the `.deb` installed there, and the agent run by its own unit with all its
/// hardening. `systemd-analyze verify` checks a unit's syntax; this shows that the unit works:
/// `Type=notify` reaches running, the hardening lets the tuners apply and every probe measure
/// (the helpers drop root under its capability bounding set and system call filter), reload,
/// the watchdog, an upgrade, a reboot and removal. Every tuner is enabled: nic tunes the
/// container's end of a veth pair (checked with the real `ethtool -k`), thp the host's settings
/// (which have no namespace; put back afterwards), and cpu reads the host's cpufreq (a virtual
/// machine has none, so there its knob is unsupported rather than applied).
@Suite(.serialized, .enabled(if: TestEnvironment.isRoot, "needs root for debootstrap and systemd-nspawn"))
struct BootedSystemdTests {
    static let unit = "netagent-agent.service"
    static let congestion = "net.ipv4.tcp_congestion_control"

    /// The agent's config: tuners that a container's network namespace and /etc can take, and
    /// every probe against servers inside the container (the agent itself, iperf3 -s).
    static func config(enablingTCP: Bool) -> String {
        let tuners = ["bbr", "buffers", "limits", "dns", "nic", "thp", "cpu"] + (enablingTCP ? ["tcp"] : [])
        let probes = ["icmp", "tcpconnect", "http", "loss", "voice", "responsiveness"]
        return """
            profile = "aggressive"
            enable = [\((tuners + probes).map { "\"\($0)\"" }.joined(separator: ", "))]
            [agent]
            probe_interval_s = 2
            [nic]
            interface = "host0"
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

    /// The offloads the nic tuner turns off that a veth lets it change (GRO is off on a veth
    /// already, LRO fixed off), as `ethtool -k` names them.
    static let vethOffloads = ["tcp-segmentation-offload", "generic-segmentation-offload"]

    /// `ethtool -k host0` in the container's network namespace says `state` for `offloads`.
    static func offloads(_ container: BootedContainer, are state: String) throws -> Bool {
        let features = try container.runInNetwork(["ethtool", "--show-features", "host0"]).stdout.split(separator: "\n")
        return vethOffloads.allSatisfy { name in features.contains { $0.hasPrefix(name + ": " + state) } }
    }

    /// The choice in brackets in a sysfs attribute such as THP's `always [madvise] never`.
    static func selectedTHP(_ attribute: String) throws -> String {
        let text = try String(contentsOfFile: BootedContainer.thp + "/" + attribute, encoding: .utf8)
        guard let open = text.firstIndex(of: "["), let close = text.firstIndex(of: "]") else {
            throw TestFailure("\(attribute) selects nothing: \(text)")
        }
        return String(text[text.index(after: open)..<close])
    }

    /// Runs `body` and puts the host's transparent huge page settings back as they were.
    static func restoringHostTHP(_ body: () throws -> Void) throws {
        let saved = try ["enabled", "defrag"].map { ($0, try selectedTHP($0)) }
        defer {
            for (attribute, value) in saved {
                try? value.write(toFile: BootedContainer.thp + "/" + attribute, atomically: false, encoding: .utf8)
            }
        }
        try body()
    }

    /// The states `netagent status --json` gives the knobs of each module.
    static func knobStates(_ container: BootedContainer) throws -> [String: [String]] {
        let output = try container.run(["netagent", "status", "--json"]).stdout
        let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let knobs = object?["knobs"] as? [[String: Any]] ?? []
        return Dictionary(grouping: knobs) { $0["module"] as? String ?? "" }.mapValues { $0.map { $0["status"] as? String ?? "" } }
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
        try Self.restoringHostTHP {
            try CongestionControlAllowance.withBBR {
                try Self.runTheAgent(in: root)
            }
        }
    }

    /// Installs the package in a container booted from `root` and takes its agent through its life.
    static func runTheAgent(in root: DebianRoot) throws {
        let container = try BootedContainer(root)
        #expect(try container.runInNetwork(["sysctl", "--write", Self.congestion + "=cubic"]).status == 0)
        let install = try container.run(["dpkg", "-i", "/srv/netagent.deb"])
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        try Self.config(enablingTCP: false).write(toFile: root.path + "/etc/netagent/netagent.toml", atomically: false, encoding: .utf8)
        #expect(try container.run(["systemd-run", "--unit=iperf3-server", "iperf3", "--server"]).status == 0)
        let thpBefore = try ["enabled", "defrag"].map(Self.selectedTHP)
        #expect(try Self.offloads(container, are: "on"), "a new veth offloads segmentation")

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
        let states = try Self.knobStates(container)
        // A network namespace other than the first has no net.core.default_qdisc or
        // net.core.[rw]mem_max: bbr and buffers say so (unsupported) and set the rest.
        for module in ["bbr", "buffers", "limits", "dns"] {
            let moduleStates = states[module] ?? []
            #expect(moduleStates.contains("ok") && !moduleStates.contains("drifted"), "\(module): \(moduleStates)")
        }
        #expect(states["nic"] == ["ok", "ok", "ok", "unsupported"], "gro, gso, tso in place; lro fixed by the veth driver")
        #expect(try Self.offloads(container, are: "off"), "ethtool -k sees what nic set")
        #expect(states["thp"] == ["ok", "ok"])
        #expect(try ["enabled", "defrag"].map(Self.selectedTHP) == ["never", "never"], "the host's THP, as the kernel has it")
        let cpufreq = FileManager.default.fileExists(atPath: "/sys/devices/system/cpu/cpu0/cpufreq")
        #expect(states["cpu"]?.allSatisfy { $0 == (cpufreq ? "ok" : "unsupported") } == true, "cpu: \(states["cpu"] ?? [])")

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
        #expect(try Self.offloads(container, are: "off"), "a new veth, tuned again at boot")

        // Removal rolls the tuning back.
        let remove = try container.run(["apt-get", "remove", "--yes", "netagent"])
        #expect(remove.status == 0, "\(remove.stdout)\(remove.stderr)")
        #expect(try container.sysctl("net.ipv4.tcp_slow_start_after_idle") == "1")
        #expect(try container.sysctl("net.ipv4.tcp_notsent_lowat") == "4294967295")
        #expect(try Self.offloads(container, are: "on"))
        #expect(try ["enabled", "defrag"].map(Self.selectedTHP) == thpBefore)
    }
}
