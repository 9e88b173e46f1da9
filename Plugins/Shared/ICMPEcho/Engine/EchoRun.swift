import CICMP
import Glibc
import NetAgentModuleKit

/// The state of one session: sockets, the schedule, and each attempt's times.
struct EchoRun {
    /// One echo request.
    struct Attempt {
        var sentMonotonic: Int64?
        var sentRealtime: Int64 = 0
        var kernelSent: Int64?
        var receivedMonotonic: Int64?
        var kernelReceived: Int64 = 0
    }

    let endpoints: [EchoEndpoint?]
    let options: EchoOptions
    let context: ModuleContext
    var payload: EchoPayload
    /// One socket per address family and transport in use.
    var sockets: [netagent_icmp_socket] = []
    /// Per target, the index of its socket in `sockets`; nil when the target did not resolve.
    var socketOfTarget: [Int?]
    /// Attempt k is round k / targets, target k % targets; its sequence number is k.
    var attempts: [Attempt]
    /// Per socket, the attempt of each send in order (the kernel's OPT_ID counter).
    var sendOrder: [[Int]] = []
    var counters: [(duplicates: Int, late: Int, corrupt: Int, reordered: Int, highestRound: Int)]
    /// How many attempts were due before the run ended: all of them, unless the host cancelled
    /// it (^C), when the results hold only the attempts made, as ping's statistics do.
    var scheduled = 0

    init(endpoints: [EchoEndpoint?], options: EchoOptions, context: ModuleContext) throws {
        self.endpoints = endpoints
        self.options = options
        self.context = context
        attempts = Array(repeating: Attempt(), count: options.count * endpoints.count)
        counters = Array(repeating: (0, 0, 0, 0, -1), count: endpoints.count)
        payload = EchoPayload(size: options.payloadSize)
        let identifier = UInt16(truncatingIfNeeded: getpid()) ^ UInt16.random(in: 0...UInt16.max)
        var kinds: [EchoEndpoint.SocketKind] = []
        for case let endpoint? in endpoints where !kinds.contains(endpoint.socketKind) { kinds.append(endpoint.socketKind) }
        socketOfTarget = endpoints.map { endpoint in endpoint.flatMap { kinds.firstIndex(of: $0.socketKind) } }
        for kind in kinds {
            var socket = netagent_icmp_socket()
            let tos = Int32(options.tos ?? -1)
            let timestamps: Int32 = options.kernelSendTimestamps ? 1 : 0
            let result =
                kind.udp
                ? netagent_udp_open(kind.family, tos, identifier, timestamps, &socket)
                : netagent_icmp_open(kind.family, tos, identifier, timestamps, &socket)
            if result != 0 {
                close()
                let reason = String(cString: strerror(-result))
                if kind.udp { throw ModuleError.failed("cannot open a UDP socket: \(reason)") }
                throw -result == EPERM || -result == EACCES
                    ? ModuleError.permission(
                        "cannot open an ICMP socket: \(reason); it needs CAP_NET_RAW (run as root), or a group in net.ipv4.ping_group_range"
                    )
                    : ModuleError.failed("cannot open an ICMP socket: \(reason)")
            }
            let granted = netagent_icmp_receive_buffer(&socket, Self.receiveBufferBytes(targets: endpoints.count))
            context.log(.debug, "echo socket receive buffer: \(granted) bytes")
            sockets.append(socket)
        }
        sendOrder = Array(repeating: [], count: sockets.count)
    }

    /// Room in a socket's receive queue for one reply of every target (about 1 KiB of kernel
    /// memory each on loopback), at most 64 MiB: replies of a whole round then wait there while
    /// the process is held up, instead of being dropped as the default 208 KiB queue drops them
    /// beyond a few hundred targets.
    static func receiveBufferBytes(targets: Int) -> Int32 {
        Int32(min(max(targets, 1) * 1024, 64 << 20))
    }

    mutating func close() {
        for index in sockets.indices { netagent_icmp_close(&sockets[index]) }
        sockets = []
    }

    /// When attempt k is due, in monotonic nanoseconds from `start`: rounds every interval, the
    /// targets of a round spread evenly across it so they do not leave in one burst.
    func due(_ attempt: Int, start: Int64) -> Int64 {
        let targets = endpoints.count
        let interval = Int64(options.intervalMS) * 1_000_000
        return start + Int64(attempt / targets) * interval + Int64(attempt % targets) * interval / Int64(targets)
    }

    mutating func run() throws {
        let start = MonotonicClock.nanoseconds()
        let timeout = Int64(options.timeoutMS) * 1_000_000
        var lastSent = start
        var outstanding = 0
        var sent = 0
        var progress = ProgressCounter()
        var entries = sockets.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        var replies = Array(repeating: netagent_icmp_reply(), count: Int(NETAGENT_ICMP_BATCH))
        while !context.isInterrupted {
            if context.isPastDeadline { throw ModuleError.cancelled("echo stopped: its deadline passed") }
            let now = MonotonicClock.nanoseconds()
            while scheduled < attempts.count && due(scheduled, start: start) <= now {
                if try send(scheduled) {
                    outstanding += 1
                    sent += 1
                    lastSent = MonotonicClock.nanoseconds()
                }
                scheduled += 1
            }
            let allSent = scheduled == attempts.count
            if allSent && (outstanding == 0 || MonotonicClock.nanoseconds() >= lastSent + timeout) { break }
            let wake = allSent ? lastSent + timeout : due(scheduled, start: start)
            try wait(until: wake, &entries, &replies, outstanding: &outstanding)
            progress.set(sent: sent, received: sent - outstanding, context)
        }
        progress.set(sent: sent, received: sent - outstanding, context)
        progress.finish(context)
        drainTimestamps()
    }

    /// Sends attempt k; false when its target could not be resolved.
    private mutating func send(_ attempt: Int) throws -> Bool {
        let target = attempt % endpoints.count
        guard let endpoint = endpoints[target], let socketIndex = socketOfTarget[target] else { return false }
        var sock = sockets[socketIndex]
        payload.setNumber(attempt)
        let bytes = payload.bytes
        var time = netagent_icmp_send_time()
        let result = endpoint.address.withSockaddr { pointer, length in
            netagent_icmp_send(&sock, pointer, length, UInt16(truncatingIfNeeded: attempt), bytes, bytes.count, &time)
        }
        if result != 0 {
            context.log(.debug, "echo request \(attempt) not sent: \(String(cString: strerror(-result)))")
            return false
        }
        attempts[attempt].sentRealtime = time.realtime_ns
        attempts[attempt].sentMonotonic = time.monotonic_ns
        if options.kernelSendTimestamps { sendOrder[socketIndex].append(attempt) }
        return true
    }

    /// Polls every socket until `deadline` or the first batch of events, and handles them.
    /// `entries` (one `pollfd` per socket) and `replies` (room for a batch) are kept by the
    /// caller, so that no wait allocates.
    private mutating func wait(
        until deadline: Int64, _ entries: inout [pollfd], _ replies: inout [netagent_icmp_reply], outstanding: inout Int
    ) throws {
        let remaining = max(0, (deadline - MonotonicClock.nanoseconds() + 999_999) / 1_000_000)
        let ready = poll(&entries, nfds_t(entries.count), Int32(min(remaining, 100)))
        if ready < 0 && errno != EINTR { throw ModuleError.failed("poll: \(String(cString: strerror(errno)))") }
        for index in entries.indices where entries[index].revents != 0 {
            if entries[index].revents & Int16(POLLERR) != 0 { drainTimestamps(only: index) }
            if entries[index].revents & Int16(POLLIN) != 0 { receive(index, &replies, outstanding: &outstanding) }
        }
    }

    /// Reads every waiting reply of one socket, up to `NETAGENT_ICMP_BATCH` per system call.
    private mutating func receive(_ socketIndex: Int, _ replies: inout [netagent_icmp_reply], outstanding: inout Int) {
        var socket = sockets[socketIndex]
        while true {
            let count = Int(netagent_icmp_receive_batch(&socket, &replies, Int32(replies.count)))
            guard count > 0 else { return }
            let now = MonotonicClock.nanoseconds()
            for index in 0..<count where replies[index].is_reply == 1 { take(replies[index], at: now, outstanding: &outstanding) }
            // A short batch emptied the queue.
            guard count == replies.count else { return }
        }
    }

    /// Matches one reply, received at `now`, to its request.
    private mutating func take(_ reply: netagent_icmp_reply, at now: Int64, outstanding: inout Int) {
        guard case .request(let attempt) = payload.match(reply) else {
            if let attempt = latestAttempt(withSequence: reply.sequence) { counters[attempt % endpoints.count].corrupt += 1 }
            return
        }
        guard attempt < attempts.count, let sent = attempts[attempt].sentMonotonic else { return }
        let target = attempt % endpoints.count
        if attempts[attempt].receivedMonotonic != nil {
            counters[target].duplicates += 1
            return
        }
        if now - sent > Int64(options.timeoutMS) * 1_000_000 {
            counters[target].late += 1
            return
        }
        attempts[attempt].receivedMonotonic = now
        attempts[attempt].kernelReceived = reply.kernel_rx_ns
        outstanding -= 1
        let round = attempt / endpoints.count
        if round < counters[target].highestRound { counters[target].reordered += 1 }
        counters[target].highestRound = max(counters[target].highestRound, round)
    }

    /// The newest request sent with this 16-bit sequence number: whom a corrupt reply is counted against.
    private func latestAttempt(withSequence sequence: UInt16) -> Int? {
        let newest = scheduled - 1
        let attempt = newest - ((newest - Int(sequence)) & 0xFFFF)
        return attempt >= 0 && attempts[attempt].sentMonotonic != nil ? attempt : nil
    }

    /// Matches TX timestamps from the error queues to their attempts.
    private mutating func drainTimestamps(only: Int? = nil) {
        for index in sockets.indices where only == nil || only == index {
            var socket = sockets[index]
            var counter: UInt32 = 0
            var sent: Int64 = 0
            while netagent_icmp_tx_timestamp(&socket, &counter, &sent) == 1 {
                if Int(counter) < sendOrder[index].count { attempts[sendOrder[index][Int(counter)]].kernelSent = sent }
            }
        }
    }

    /// Turns the attempts of one target into samples, counters and the timestamp source.
    func fill(_ result: inout EchoTargetResult, target: Int) {
        var sources = Set<String>()
        for round in 0..<options.count where round * endpoints.count + target < scheduled {
            let attempt = attempts[round * endpoints.count + target]
            guard let received = attempt.receivedMonotonic, let sent = attempt.sentMonotonic else {
                result.samplesNS.append(nil)
                continue
            }
            let kernelSent = options.kernelSendTimestamps ? attempt.kernelSent : nil
            let kernelRTT = attempt.kernelReceived - (kernelSent ?? attempt.sentRealtime)
            if attempt.kernelReceived > 0 && kernelRTT > 0 {
                result.samplesNS.append(kernelRTT)
                sources.insert(kernelSent == nil ? "kernel-rx" : "kernel")
            } else {
                result.samplesNS.append(received - sent)
                sources.insert("user")
            }
        }
        let counts = counters[target]
        (result.duplicates, result.late, result.corrupt, result.reordered) = (
            counts.duplicates, counts.late, counts.corrupt, counts.reordered
        )
        result.timestampSource = sources.count == 1 ? sources.first : (sources.isEmpty ? nil : "mixed")
    }
}
