import Logging
import Testing

@testable import NetAgentCore

/// The agent's policy with a test clock and fake operations: no process, no sleep, no module.
/// One at a time: a held operation blocks a Dispatch thread, and two held at once on a machine
/// with two cores leave the next `Blocking.run` waiting for Dispatch to add a thread (about 1 s).
@Suite(.serialized) struct AgentLoopTests {
    typealias Loop = AgentLoop<FakeAgentOperations, TestAgentClock, RecordingAgentMetrics>
    static let second: Int64 = 1_000_000_000

    let operations = FakeAgentOperations()
    let clock = TestAgentClock()
    let metrics = RecordingAgentMetrics()

    /// A loop whose start applied transaction 1.
    func loop(_ config: FakeAgentOperations.Config) -> Loop {
        Loop(
            config: config, applied: [1], operations: operations, clock: clock, metrics: metrics,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, random: SeededGenerator(seed: 7))
    }

    static func config(probes: [String] = [], onDrift: AgentSettings.DriftAction = .report, onStop: AgentSettings.StopAction = .keep)
        -> FakeAgentOperations.Config
    {
        var config = FakeAgentOperations.Config()
        config.settings.onDrift = onDrift
        config.settings.onStop = onStop
        config.settings.driftCheckS = 3600
        config.scheduledProbes = probes.map { ScheduledProbe(name: $0, periodNS: 10 * second, targets: ["127.0.0.1"]) }
        return config
    }

    @Test func aKnobThatDriftsBackAtOnceIsReappliedOnlyOncePerCheck() async {
        operations.setKnob(drifted: true)
        let loop = loop(Self.config(onDrift: .reapply))
        await loop.checkDrift()
        #expect(operations.events == ["knobs", "apply", "applied 2", "knobs"])
        #expect(metrics.recorded == ["drift 1", "transaction applied 2", "drift 1"])
        #expect(await loop.applied == [1, 2])
    }

    @Test func withOnDriftReportADriftedKnobIsOnlyCounted() async {
        operations.setKnob(drifted: true)
        let loop = loop(Self.config(onDrift: .report))
        await loop.checkDrift()
        #expect(operations.events == ["knobs"])
        #expect(metrics.recorded == ["drift 1"])
    }

    @Test func aReloadMidRunLetsTheRunningProbeFinishAndStartsTheNewOnes() async {
        let loop = loop(Self.config(probes: ["icmp"]))
        operations.hold("probe icmp")
        let running = Task { await loop.run() }
        await clock.waitForSleepers(2)  // the scheduler and icmp's loop
        clock.advance(by: 10 * Self.second)  // the first run falls within the first period
        await operations.waitFor("probe icmp")

        operations.setNextConfig(Self.config(probes: ["http"]))
        await loop.reload()
        #expect(metrics.recorded.suffix(3) == ["keep http", "reload true", "transaction applied 2"], "a reload applies the new selection")
        operations.release("probe icmp")
        await operations.waitFor("probe icmp ended")
        await clock.waitForSleepers(1)
        clock.advance(by: Self.second)  // the scheduler's next round starts http's loop
        await clock.waitForSleepers(2)
        clock.advance(by: 10 * Self.second)
        await operations.waitFor("probe http ended")
        #expect(await loop.looping == ["http"], "icmp's loop ended with its run")
        #expect(operations.events.filter { $0 == "probe icmp" }.count == 1)

        running.cancel()
        await running.value
    }

    @Test func aProbeThatOverrunsItsPeriodRunsAgainOnlyAfterItEnds() async {
        let loop = loop(Self.config(probes: ["icmp"]))
        operations.hold("probe icmp")
        let running = Task { await loop.run() }
        await clock.waitForSleepers(2)
        clock.advance(by: 10 * Self.second)
        await operations.waitFor("probe icmp")
        clock.advance(by: 25 * Self.second)  // two and a half periods late
        operations.release("probe icmp")
        // The next run is overdue: it starts as soon as the last ended, with no time passing.
        await operations.waitFor("probe icmp", count: 2)
        await operations.waitFor("probe icmp ended", count: 2)
        await clock.waitForSleepers(2)  // recorded, and waiting for its next run
        #expect(operations.mostProbesRunning == 1, "runs of one probe never overlap")
        running.cancel()
        await running.value
        #expect(metrics.recorded.filter { $0 == "probe icmp" }.count == 2)
    }

    @Test func aStopDuringATransactionWaitsForItAndRollsItBackWithTheRest() async {
        operations.setKnob(drifted: true)
        let loop = loop(Self.config(onDrift: .reapply, onStop: .rollback))
        operations.hold("apply")
        let running = Task { await loop.run() }  // the first drift check is due at once
        await operations.waitFor("apply")
        running.cancel()
        operations.release("apply")
        await running.value
        let events = operations.events
        #expect(events.firstIndex(of: "applied 2")! < events.firstIndex(of: "end helpers")!, "the transaction was not cut short")
        #expect(events.suffix(2) == ["rollback 2", "rollback 1"], "newest first")
        #expect(metrics.recorded.suffix(2) == ["transaction rolled-back 2", "transaction rolled-back 1"])
    }

    @Test func aStopWithOnStopKeepRollsNothingBack() async {
        let loop = loop(Self.config(onStop: .keep))
        let running = Task { await loop.run() }
        await operations.waitFor("knobs")
        running.cancel()
        await running.value
        #expect(!operations.events.contains { $0.hasPrefix("rollback") })
        #expect(operations.events.last == "end helpers")
    }
}
