import Glibc
import NetAgentModuleKit
import Synchronization

/// TCP connect times to the target, paced, on a thread of its own while the path is loaded: the
/// "foreign" probe of the responsiveness method (a new connection sees the queue too). Each
/// sample keeps its time from the start, so the ramp-up can be cut off afterwards.
final class ConnectSampler: @unchecked Sendable {
    private let handshake: TCPHandshake
    private let intervalMS: Int
    private let timeoutMS: Int
    private let stop = Atomic<Bool>(false)
    private let samples = Mutex<[(offsetNS: Int64, rttNS: Int64?)]>([])
    private var thread = pthread_t()
    private var started = false

    init(_ target: HostPort, intervalMS: Int, timeoutMS: Int) throws {
        handshake = try TCPHandshake(resolving: target)
        self.intervalMS = intervalMS
        self.timeoutMS = timeoutMS
    }

    /// Starts sampling every `intervalMS` until `finish()`.
    func start() {
        let box = Unmanaged.passRetained(self)
        started =
            pthread_create(
                &thread, nil,
                { argument in
                    let sampler = Unmanaged<ConnectSampler>.fromOpaque(argument!).takeRetainedValue()
                    sampler.loop()
                    return nil
                }, box.toOpaque()) == 0
        if !started { box.release() }
    }

    /// Stops sampling and returns the connect times taken at least `afterNS` after the start.
    func finish(keepingAfter afterNS: Int64) -> [Int64?] {
        stop.store(true, ordering: .relaxed)
        if started { pthread_join(thread, nil) }
        return samples.withLock { $0.filter { $0.offsetNS >= afterNS }.map(\.rttNS) }
    }

    private func loop() {
        let start = MonotonicClock.nanoseconds()
        var round: Int64 = 0
        while !stop.load(ordering: .relaxed) {
            let rtt = try? handshake.measure(timeoutMS: timeoutMS)
            samples.withLock { $0.append((MonotonicClock.nanoseconds() - start, rtt)) }
            round += 1
            let next = start + round * Int64(intervalMS) * 1_000_000
            while !stop.load(ordering: .relaxed) && MonotonicClock.nanoseconds() < next { usleep(10_000) }
        }
    }
}
