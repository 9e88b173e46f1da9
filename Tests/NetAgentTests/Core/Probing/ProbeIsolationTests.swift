import Foundation
import Testing

/// Probes run in a helper process: a module that crashes, exits, hangs or returns garbage costs
/// only its own result. Each bad fixture runs next to a good tcpconnect probe whose result must stand.
@Suite struct ProbeIsolationTests {
    /// What a fixture's run does (see Tests/Fixtures/fixture_module.c) and what the report must say.
    static let behaviours: [(run: Int, says: String)] = [
        (1, "crashed: its helper process died of SIGSEGV"),
        (2, "crashed: its helper process died of SIGABRT"),
        (3, "ended its process with exit status 3"),
        (4, "did not finish within its deadline"),
        (5, "returned JSON the host cannot read"),
        (6, "has 1000000 samples; 1 were asked for"),
        (7, "returned text that is not valid UTF-8"),
        (8, "has a negative time in samples"),
        (11, "has a time of 0 ns, which no round trip takes"),
        (12, "longer than the whole run may take"),
    ]

    @Test(arguments: behaviours.map(\.run))
    func aBadProbeFailsAloneAndTheOthersResultsStand(run: Int) throws {
        let expected = try #require(Self.behaviours.first { $0.run == run }).says
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/modules", withIntermediateDirectories: true)
        try FixtureModule.build("bad.so", in: directory.path + "/modules", defines: ["FIXTURE_NAME=\"bad\"", "FIXTURE_RUN=\(run)"])
        let listener = try TCPListener()
        try directory.write(
            "netagent.toml",
            """
            [bad]
            targets = ["fixture-target"]
            count = 1
            timeout_ms = 100
            [tcpconnect]
            targets = ["127.0.0.1:\(listener.port)"]
            count = 2
            interval_ms = 1
            """)
        let result = try Command.netagent([
            "probe", "--module-path", directory.path + "/modules", "--enable", "bad,tcpconnect",
            "--config", directory.path + "/netagent.toml", "--json",
        ])
        #expect(result.status == 1)
        let report = try result.json()
        let failed = try #require((report["failed_probes"] as? [[String: Any]])?.first)
        #expect(failed["module"] as? String == "bad")
        #expect((failed["error"] as? String)?.contains(expected) == true, "\(failed)")
        let targets = report["targets"] as? [[String: Any]] ?? []
        #expect(targets.map { $0["module"] as? String } == ["tcpconnect"])
        #expect((targets.first?["samples_ns"] as? [Any])?.count == 2)
        #expect((targets.first?["samples_ns"] as? [Any])?.allSatisfy { $0 is NSNumber } == true)
    }

    /// Builds the fixture probe `name` with `defines`, probes "fixture-target" once with it and
    /// returns its samples; the probe must succeed.
    func samplesOfFixture(_ name: String, _ defines: [String] = [], in directory: TemporaryDirectory) throws -> [Int]? {
        try FixtureModule.build(name + ".so", in: directory.path, defines: ["FIXTURE_NAME=\"\(name)\""] + defines)
        let result = try Command.netagent([
            "probe", "--module-path", directory.path, "--enable", name,
            "--target", "fixture-target", "--count", "1", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let target = try #require((try result.json()["targets"] as? [[String: Any]])?.first)
        return target["samples_ns"] as? [Int]
    }

    @Test func aGoodCProbeAnswersThroughTheHelperProcess() throws {
        #expect(try samplesOfFixture("good", in: TemporaryDirectory()) == [1000])
    }

    @Test func aProbeThatPrintsOnStandardOutputStillAnswers() throws {
        #expect(try samplesOfFixture("chatty", ["FIXTURE_RUN=10"], in: TemporaryDirectory()) == [1000])
    }

    @Test func aProbeWhoseChildKeepsItsOutputOpenStillAnswersAndTheChildIsEnded() throws {
        let directory = try TemporaryDirectory()
        // The helper runs as an unprivileged user: it writes the pid where anyone may.
        let shared = directory.path + "/shared"
        mkdir(shared, 0o1777)
        chmod(shared, 0o1777)
        let pidFile = shared + "/child.pid"
        #expect(try samplesOfFixture("forks", ["FIXTURE_RUN=9", "FIXTURE_PIDFILE=\"\(pidFile)\""], in: directory) == [1000])
        let child = try #require(
            Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // Killed at once; being reaped by init may take a moment.
        var alive = true
        for _ in 0..<200 where alive {
            alive = kill(child, 0) == 0
            if alive { usleep(10_000) }
        }
        #expect(!alive, "the probe's child \(child) was left running")
    }
}
