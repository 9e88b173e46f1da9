import Foundation
import Testing

/// contrib/ansible and contrib/prometheus/fleet on a simulated fleet of three hosts (`Fleet`):
/// each its own network namespace, hostname and Debian filesystem with sshd, reached by Ansible
/// over SSH. One config file serves all three: edge-* take the aggressive profile with the nic
/// tuner, core-* the moderate one without, and every host probes the other two. edge-2 downloads
/// the package from a URL, checked against its SHA-256; the others get it copied from the controller.
@Suite(.serialized, .enabled(if: TestEnvironment.isRoot, "needs root for namespaces, mounts, debootstrap and sshd"))
struct FleetTests {
    static let hosts = [(name: "edge-1", address: "10.77.0.11"), ("edge-2", "10.77.0.12"), ("core-1", "10.77.0.21")]
    static let congestion = "net.ipv4.tcp_congestion_control"

    /// Where edge-2 downloads the package from (the others get it copied from the controller).
    static let packageURL = "http://\(Fleet.controllerAddress):18080/netagent.deb"

    /// The inventory: the package, the mesh, and a section per host group.
    static func inventory(package: String) throws -> String {
        let sha256 = try Command.check(["sha256sum", package]).stdout.prefix(64)
        return """
            netagent:
              vars:
                netagent_deb: \(package)
                netagent_mesh_group: netagent
                netagent_agent_listen: "{{ ansible_host }}:9987"
                netagent_modules:
                  icmp: { count: 3, interval_ms: 10, probe_interval_s: 1 }
                netagent_host_sections:
                  "edge-*": { profile: aggressive, enable: [bbr, nic, icmp] }
                  "core-*": { profile: moderate, enable: [bbr, icmp] }
              children:
                edge:
                  hosts:
                    edge-1: { ansible_host: 10.77.0.11 }
                    edge-2: { ansible_host: 10.77.0.12, netagent_deb: "", netagent_deb_url: "\(packageURL)", netagent_deb_sha256: \(sha256) }
                core:
                  hosts:
                    core-1: { ansible_host: 10.77.0.21 }
            """
    }

    /// Every sysctl the host's network namespace shows, by name.
    static func sysctls(_ host: FleetHost) throws -> [String: String] {
        let lines = try host.namespace.run(["sysctl", "-a"]).stdout.split(separator: "\n")
        return Dictionary(
            lines.compactMap { line -> (String, String)? in
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }, uniquingKeysWith: { first, _ in first })
    }

    @Test func onePlaybookRollsOutTheFleetOnePrometheusSeesItAndTheRollbackPlayRestoresIt() throws {
        try CongestionControlAllowance.withBBR {
            let (package, _) = try DebianPackageTests.built.get()
            let fleet = try Fleet(Self.hosts, package: package)
            for host in fleet.hosts { try host.namespace.setSysctl(Self.congestion, "cubic") }
            let before = try fleet.hosts.map(Self.sysctls)
            let inventory = try Self.inventory(package: package)
            let served = try TemporaryDirectory()
            try Command.check(["cp", package, served.path + "/netagent.deb"])
            let web = try BackgroundProcess([
                "/usr/bin/python3", "-m", "http.server", "--bind", Fleet.controllerAddress, "18080", "--directory", served.path,
            ])
            defer { withExtendedLifetime(web) {} }
            try expectADownloadIsInstalledOnlyWithItsChecksum(fleet, inventory: inventory)

            let rollout = try fleet.play("site.yml", inventory: inventory)
            #expect(rollout.result.status == 0, "\(rollout.result.stdout)\(rollout.result.stderr)")
            for host in fleet.hosts {
                #expect(FileManager.default.fileExists(atPath: host.root + "/var/cache/netagent.deb"), "\(host.name) has the package")
            }
            for host in fleet.hosts {
                try host.start(["netagent", "agent"])
                #expect(Self.answers(host), "the agent on \(host.name) answers /healthz: \(host.log("netagent"))")
            }
            var knobs: [[String]] = []
            for host in fleet.hosts {
                let status = try host.run(["netagent", "status", "--json"])
                let json = try status.json()
                let hostKnobs = json["knobs"] as? [[String: Any]] ?? []
                let edge = host.name.hasPrefix("edge-")
                #expect(json["hostname"] as? String == host.name)
                #expect(json["profile"] as? String == (edge ? "aggressive" : "moderate"), "\(host.name): \(status.stdout)")
                #expect(
                    Set(hostKnobs.compactMap { $0["module"] as? String }) == (edge ? ["bbr", "nic"] : ["bbr"]),
                    "\(host.name): \(status.stdout)")
                #expect(json["drifted"] as? Int == 0, "\(host.name): \(status.stdout)")
                #expect(try host.namespace.sysctl(Self.congestion) == "bbr")
                knobs.append(hostKnobs.compactMap { $0["key"] as? String }.filter { $0.hasPrefix("sysctl:") })
            }

            let again = try fleet.play("site.yml", inventory: inventory)
            #expect(again.result.status == 0, "\(again.result.stdout)")
            for host in fleet.hosts {
                #expect(
                    again.count("changed", host: host.name) == 0, "a second play changes nothing on \(host.name): \(again.result.stdout)")
            }

            let config = "/etc/netagent/netagent.toml"
            let written = try fleet.hosts.map { try String(contentsOfFile: $0.root + config, encoding: .utf8) }
            let broken = try fleet.play("site.yml", inventory: inventory, ["-e", "netagent_profile=turbo"])
            #expect(broken.result.status != 0)
            for (index, host) in fleet.hosts.enumerated() {
                #expect(
                    broken.count("failed", host: host.name) == 1, "the validate step refuses it on \(host.name): \(broken.result.stdout)")
                #expect(try String(contentsOfFile: host.root + config, encoding: .utf8) == written[index], "\(host.name) kept its config")
            }

            try expectPrometheusSeesTheMesh(fleet)

            let reports = try TemporaryDirectory()
            let measure = try fleet.play(
                "site.yml", inventory: inventory, ["--tags", "netagent_measure", "-e", "netagent_measure_dir=\(reports.path)"])
            #expect(measure.result.status == 0, "\(measure.result.stdout)")
            for host in fleet.hosts {
                let report = try? JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: "\(reports.path)/\(host.name).json")))
                #expect((report as? [String: Any])?["comparisons"] != nil, "\(host.name)'s run --measure report reached the controller")
            }

            let rollback = try fleet.play("rollback.yml", inventory: inventory)
            #expect(rollback.result.status == 0, "\(rollback.result.stdout)")
            for (index, host) in fleet.hosts.enumerated() {
                let after = try Self.sysctls(host)
                for key in knobs[index].map({ String($0.dropFirst("sysctl:".count)) }) {
                    #expect(
                        after[key] == before[index][key], "\(host.name): \(key) is \(after[key] ?? "-"), was \(before[index][key] ?? "-")")
                }
                #expect(after[Self.congestion] == "cubic")
            }
        }
    }

    /// edge-2 fetches the package by URL: without netagent_deb_sha256, or with one that is not
    /// the package's, the play fails on edge-2 saying why, and installs nothing there.
    /// The first failed on 15b0cee, whose role installed whatever the URL served.
    func expectADownloadIsInstalledOnlyWithItsChecksum(_ fleet: Fleet, inventory: String) throws {
        let edge2 = fleet.hosts[1]
        let unchecked = try fleet.play(
            "site.yml", inventory: inventory.replacingOccurrences(of: "netagent_deb_sha256: ", with: "unused: "), ["--limit", edge2.name])
        #expect(unchecked.result.status != 0 && unchecked.count("failed", host: edge2.name) == 1, "\(unchecked.result.stdout)")
        #expect(unchecked.result.stdout.contains("netagent_deb_url is set but netagent_deb_sha256 is not"), "\(unchecked.result.stdout)")
        let wrong = try fleet.play(
            "site.yml", inventory: inventory, ["--limit", edge2.name, "-e", "netagent_deb_sha256=" + String(repeating: "0", count: 64)])
        #expect(wrong.result.status != 0 && wrong.count("failed", host: edge2.name) == 1, "\(wrong.result.stdout)")
        #expect(wrong.result.stdout.contains("checksum"), "\(wrong.result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: edge2.root + "/var/cache/netagent.deb"))
        #expect(!FileManager.default.fileExists(atPath: edge2.root + "/usr/bin/netagent"))
    }

    /// Whether the host's agent answers /healthz within 15 s.
    static func answers(_ host: FleetHost) -> Bool {
        for _ in 0..<75 {
            let health = try? Command.run(["curl", "-s", "--max-time", "1", "http://\(host.address):9987/healthz"])
            if health?.status == 0 { return true }
            usleep(200_000)
        }
        return false
    }

    /// One Prometheus server, finding the agents through contrib/prometheus/fleet's file-based
    /// discovery, has RTT series from every host to each of the two others.
    func expectPrometheusSeesTheMesh(_ fleet: Fleet) throws {
        let scratch = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: scratch.path + "/targets", withIntermediateDirectories: true)
        let targets = fleet.hosts.map {
            "- targets: [\"\($0.address):9987\"]\n  labels: { group: \($0.name.hasPrefix("edge-") ? "edge" : "core") }\n"
        }
        try targets.joined().write(toFile: scratch.path + "/targets/fleet.yml", atomically: true, encoding: .utf8)
        let contrib = try String(contentsOfFile: TestEnvironment.packageRoot + "/contrib/prometheus/fleet/prometheus.yml", encoding: .utf8)
        // The shipped config, scraping every second and without the rule files.
        let config = contrib.replacingOccurrences(of: "scrape_interval: 15s", with: "scrape_interval: 1s")
            .replacingOccurrences(of: "rule_files:\n  - ../netagent-rules.yml\n  - netagent-fleet-rules.yml\n", with: "")
            .replacingOccurrences(of: "refresh_interval: 1m", with: "refresh_interval: 1s")
        try config.write(toFile: scratch.path + "/prometheus.yml", atomically: true, encoding: .utf8)
        let server = try BackgroundProcess(
            [
                "/usr/bin/prometheus", "--config.file=\(scratch.path)/prometheus.yml", "--storage.tsdb.path=\(scratch.path)/tsdb",
                "--web.listen-address=127.0.0.1:19091",
            ], settleMS: 0)
        let expected = Set(fleet.hosts.flatMap { host in fleet.hosts.filter { $0 !== host }.map { "\(host.address):9987 \($0.address)" } })
        var seen: Set<String> = []
        for _ in 0..<60 where seen != expected {
            let series = try PrometheusQuery.series("netagent_probe_rtt_seconds_count{job=\"netagent\",module=\"icmp\"} > 0", port: 19091)
            seen = Set(series.compactMap { $0["metric"] as? [String: String] }.map { "\($0["instance"] ?? "") \($0["target"] ?? "")" })
            if seen != expected { usleep(500_000) }
        }
        #expect(seen == expected, "RTT series (instance, target) in Prometheus: \(server.stderr.suffix(1000))")
    }
}
