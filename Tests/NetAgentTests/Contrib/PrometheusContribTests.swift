import Foundation
import Testing

/// contrib/prometheus checked by Prometheus itself: `promtool` on the scrape config and the
/// alerting rules (with their unit tests), and a real Prometheus server scraping a real agent.
@Suite struct PrometheusContribTests {
    static let directory = TestEnvironment.packageRoot + "/contrib/prometheus"

    @Test func theScrapeConfigAndTheRulesCheckAndTheRulesPassTheirUnitTests() throws {
        for arguments in [
            ["check", "config", "prometheus.yml"], ["check", "rules", "netagent-rules.yml"], ["test", "rules", "netagent-rules.test.yml"],
        ] {
            let result = try Command.run(["promtool"] + arguments, in: Self.directory)
            #expect(result.status == 0, "promtool \(arguments.joined(separator: " ")): \(result.stdout) \(result.stderr)")
        }
    }

    @Test func theFleetConfigWithFileDiscoveryAndTheFleetRulesCheckAndPassTheirUnitTests() throws {
        for arguments in [
            ["check", "config", "prometheus.yml"], ["check", "rules", "netagent-fleet-rules.yml"],
            ["test", "rules", "netagent-fleet-rules.test.yml"],
        ] {
            let result = try Command.run(["promtool"] + arguments, in: Self.directory + "/fleet")
            #expect(result.status == 0, "promtool \(arguments.joined(separator: " ")): \(result.stdout) \(result.stderr)")
        }
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "needs root for network namespaces and raw ICMP sockets"))
    func aPrometheusServerScrapesTheAgentsRTTOfAPeerOnAVeth() throws {
        let pair = try NamespacePair()
        let peer = NamespacePair.farAddresses[0]
        let agent = try RunningAgent(
            config: "enable = [\"icmp\"]\n[icmp]\ntargets = [\"\(peer)\"]\ncount = 3\ninterval_ms = 10\nprobe_interval_s = 1\n",
            in: pair.near)
        let scratch = try TemporaryDirectory()
        try scratch.write(
            "prometheus.yml",
            """
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: netagent
                static_configs:
                  - targets: ["127.0.0.1:\(RunningAgent.port)"]
            """)
        let server = try BackgroundProcess(
            [
                "/usr/bin/prometheus", "--config.file=\(scratch.path)/prometheus.yml", "--storage.tsdb.path=\(scratch.path)/tsdb",
                "--web.listen-address=127.0.0.1:19090",
            ], namespace: pair.near.name, settleMS: 0)
        /// The values of an instant query's result.
        func query(_ expression: String) throws -> [Double] {
            try PrometheusQuery.series(expression, port: 19090, namespace: pair.near.name)
                .compactMap { ($0["value"] as? [Any])?.last as? String }.compactMap(Double.init)
        }
        let up = withExtendedLifetime(server) {
            agent.eventually(timeoutMS: 30_000) { (try? query("up{job=\"netagent\"}")) == [1] }
        }
        #expect(up, "Prometheus scraped the agent: \(server.stderr.suffix(2000))")
        let counted = agent.eventually(timeoutMS: 10_000) {
            (try? query("netagent_probe_rtt_seconds_count{job=\"netagent\",target=\"\(peer)\"}"))?.first ?? 0 > 0
        }
        #expect(counted, "RTT samples of \(peer) reached Prometheus")
    }
}
