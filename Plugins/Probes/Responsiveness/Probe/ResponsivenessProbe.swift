import CIperfLoad
import Glibc
import ICMPEcho
import NetAgentModuleKit

/// The responsiveness probe: latency under working conditions (the IETF responsiveness method,
/// flent's RRUL). Per target it measures the idle RTT, then starts new iperf3 flows to the
/// target's `iperf3 -s` (new flows every run, so they use the congestion control in force now),
/// discards the ramp-up (at least the first second, and until one second's goodput is within
/// 10 % of the previous second's) and returns the ICMP echo RTTs measured while the path is
/// loaded, with TCP connect times to the server's port as the phase `connect`. It saturates the
/// path for `duration_s` seconds per target.
struct ResponsivenessProbe: Probe {
    struct Config: Decodable {
        /// "upload" (the default), "download" or "both".
        let direction: String?
        /// Parallel TCP flows.
        let flows: Int?
        /// How long the flows run, in seconds.
        let durationS: Int?

        enum CodingKeys: String, CodingKey {
            case direction, flows
            case durationS = "duration_s"
        }
    }

    let info = ModuleInfo(
        name: "responsiveness", version: "1.0.0",
        summary: "Latency under working conditions: ICMP RTT while new iperf3 flows fill the path to the target's iperf3 -s",
        config: Config.self,
        keys: [
            "direction": ConfigKey("upload, download or both: which way the iperf3 flows fill the path", default: "\"upload\""),
            "flows": ConfigKey("parallel TCP flows (1 to 32): one bulk flow shows a congestion control's queue best", default: "1"),
            "duration_s": ConfigKey(
                "seconds the flows run per target (3 to 600); the seconds until goodput settles are discarded and at least 10 RTT samples "
                    + "must remain; the path is saturated meanwhile, so do not enable this probe on a schedule",
                default: "10"),
            "count": .hostKey("most RTT samples per target while loaded", type: "integer", default: "200"),
            "interval_ms": .hostKey("pause between RTT samples while loaded", type: "integer", default: "50"),
        ], needsRawSockets: true)

    func run(_ request: ProbeRequest, context: ModuleContext) throws -> [TargetResult] {
        let config = try request.config(as: Config.self)
        let direction: Int32
        switch config.direction ?? "upload" {
        case "upload": direction = NETAGENT_LOAD_UPLOAD
        case "download": direction = NETAGENT_LOAD_DOWNLOAD
        case "both": direction = NETAGENT_LOAD_BOTH
        case let other: throw ModuleError.invalid("direction = \"\(other)\": use \"upload\", \"download\" or \"both\"")
        }
        let flows = config.flows ?? 1
        let duration = config.durationS ?? 10
        guard (1...32).contains(flows) else { throw ModuleError.invalid("flows = \(flows): give 1 to 32") }
        guard (3...600).contains(duration) else { throw ModuleError.invalid("duration_s = \(duration): give 3 to 600 seconds") }
        // A malformed target is a mistake in the request, refused before any target is loaded.
        let hostPorts = try request.targets.map(HostPort.init(parsing:))
        return try zip(request.targets, hostPorts).map { target, hostPort in
            do {
                return try LoadedPath(target: hostPort, direction: direction, flows: flows, durationS: duration)
                    .measure(target, request, context)
            } catch let error as ModuleError {
                if case .cancelled = error { throw error }
                return TargetResult(target: target, samplesNS: [], error: error.message)
            }
        }
    }
}

/// One target's measurement: idle RTT, then RTT under load.
struct LoadedPath {
    let target: HostPort
    let direction: Int32
    let flows: Int
    let durationS: Int

    func measure(_ name: String, _ request: ProbeRequest, _ context: ModuleContext) throws -> TargetResult {
        let idle = try echo(count: 10, intervalMS: 20, request, context)
        var error = [CChar](repeating: 0, count: 256)
        let load = try startLoad(name, context)
        // Connect times to the server's port beside the echoes, four times slower than them.
        let connects = try ConnectSampler(target, intervalMS: 4 * max(request.intervalMS, 1), timeoutMS: request.timeoutMS)
        connects.start()
        // Sample for the whole window; the ramp-up is cut off once iperf3 says where it ended.
        let window = durationS * 1000 / max(request.intervalMS, 1)
        let loaded: EchoTargetResult
        do {
            loaded = try echo(count: min(request.count, window), intervalMS: request.intervalMS, request, context)
        } catch let failure {
            _ = connects.finish(keepingAfter: .max)
            free(netagent_load_finish(load, &error, 256))
            throw failure
        }
        let connectTimes = connects.finish(keepingAfter: 0)
        guard let json = netagent_load_finish(load, &error, 256) else {
            throw ModuleError.failed("\(name): \(Self.text(error))")
        }
        defer { free(json) }
        let report = try IperfReport.decode(String(cString: json))
        if let message = report.error {
            throw ModuleError.failed("\(name): iperf3: \(message) (is `iperf3 -s` running on \(target.host) port \(target.port)?)")
        }
        guard let settled = report.stableAfterSeconds else {
            throw ModuleError.failed(
                "\(name): the goodput never settled (one second within 10 % of the previous one) in \(durationS) s; lengthen duration_s")
        }
        let stable = max(1, settled)
        let skipped = min(loaded.samplesNS.count, Int((stable * 1000 / Double(max(request.intervalMS, 1))).rounded(.up)))
        var counters = [
            ReplyEvents.loadedDuplicates: loaded.duplicates, ProbeCounters.rampUp: Int(stable * 1000),
            ProbeCounters.idleRTTMedian: Int(Self.median(idle.samplesNS.compactMap { $0 }) ?? 0),
        ]
        if let sent = report.end?.sumSent { counters[ProbeCounters.retransmits] = sent.retransmits ?? 0 }
        if let received = report.end?.sumReceived {
            let name = direction == NETAGENT_LOAD_DOWNLOAD ? ProbeCounters.goodputDown : ProbeCounters.goodputUp
            counters[name] = Int(received.bitsPerSecond)
        }
        if let reverse = report.end?.sumReceivedBidirReverse { counters[ProbeCounters.goodputDown] = Int(reverse.bitsPerSecond) }
        let samples = Array(loaded.samplesNS.dropFirst(skipped))
        guard samples.count >= Self.fewestLoadedSamples else {
            throw ModuleError.failed(
                "\(name): the goodput settled only after \(Int(stable)) s of the \(durationS) s run, leaving \(samples.count) RTT samples "
                    + "under load (\(Self.fewestLoadedSamples) are needed); lengthen duration_s")
        }
        // The connects of the loaded part, at most one per kept echo (phases have one entry per attempt at most).
        let connectsAfter = connectTimes.dropFirst(Int((stable * 1000 / Double(4 * max(request.intervalMS, 1))).rounded(.up)))
        return TargetResult(
            target: name, samplesNS: samples, phasesNS: [RequestPhases.connect: Array(connectsAfter.prefix(samples.count))],
            counters: counters, timestampSource: loaded.timestampSource)
    }

    /// The fewest RTT samples under load that make a result; fewer, and the target fails.
    static let fewestLoadedSamples = 10

    /// How long to wait for an `iperf3 -s` that is busy with another test (it serves one at a time).
    static let busyWaitS = 15

    /// Starts the flows; while the server answers that it is busy with another test (the test
    /// ends within a fraction of a second), waits a second and tries again, for up to `busyWaitS`.
    private func startLoad(_ name: String, _ context: ModuleContext) throws -> OpaquePointer {
        var error = [CChar](repeating: 0, count: 256)
        for attempt in 0...Self.busyWaitS {
            guard let load = netagent_load_start(target.host, Int32(target.port), Int32(flows), Int32(durationS), direction, &error, 256)
            else {
                throw ModuleError.failed("\(name): \(Self.text(error))")
            }
            usleep(300_000)
            guard netagent_load_ended(load) != 0 else { return load }
            guard let json = netagent_load_finish(load, &error, 256) else { throw ModuleError.failed("\(name): \(Self.text(error))") }
            defer { free(json) }
            let message = (try? IperfReport.decode(String(cString: json)))?.error ?? "the test ended at once"
            guard message.contains("busy"), attempt < Self.busyWaitS, !context.isCancelled else {
                throw ModuleError.failed("\(name): iperf3: \(message) (is `iperf3 -s` running on \(target.host) port \(target.port)?)")
            }
            sleep(1)
        }
        throw ModuleError.failed("\(name): iperf3 -s stayed busy with another test for \(Self.busyWaitS) s")
    }

    private func echo(count: Int, intervalMS: Int, _ request: ProbeRequest, _ context: ModuleContext) throws -> EchoTargetResult {
        let options = EchoOptions(count: max(count, 1), intervalMS: intervalMS, timeoutMS: request.timeoutMS)
        guard let result = try EchoSession.run(targets: [target.host], options: options, context: context).first else {
            throw ModuleError.failed("no echo result for \(target.host)")
        }
        if let error = result.error { throw ModuleError.invalid(error) }
        return result
    }

    /// The text of a NUL-terminated C buffer.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func median(_ values: [Int64]) -> Int64? {
        values.isEmpty ? nil : values.sorted()[(values.count - 1) / 2]
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.probe(ResponsivenessProbe()) }
