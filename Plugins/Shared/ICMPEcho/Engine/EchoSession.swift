import CICMP
import Glibc
import NetAgentModuleKit

/// Sends paced echo requests to many targets from one socket per address family and transport
/// (ICMP, or UDP to an echo service) and collects the replies in one poll loop (no thread per
/// target), like fping.
///
/// By default times are taken as ping and fping take them: the send time just before sendto, in
/// user space, and the receive time from the kernel (SO_TIMESTAMPNS). With `kernelSendTimestamps`
/// the send time is SO_TIMESTAMPING's TX_SCHED stamp (as the request enters the device queue):
/// the RTT then includes local queueing (what qdisc and buffer tuning change) but leaves out the
/// sender's own stack, 10 to 35 µs on a veth, so it is not comparable with ping's.
public enum EchoSession {
    /// Measures every target; one result per target, in order.
    public static func run(targets: [String], options: EchoOptions, context: ModuleContext) throws -> [EchoTargetResult] {
        guard (16...Int(NETAGENT_ICMP_MAX_PAYLOAD)).contains(options.payloadSize) else {
            throw ModuleError.invalid("payload_size \(options.payloadSize): give 16 to \(NETAGENT_ICMP_MAX_PAYLOAD) bytes")
        }
        let most = EchoPayload.mostRequests(size: options.payloadSize)
        guard options.count * max(targets.count, 1) <= most else {
            let why =
                most == 1 << 16
                ? "with payload_size below \(EchoPayload.numberedSize) there is no room for the request number, and sequence numbers are 16 bits"
                : "split the targets over several probes"
            throw ModuleError.invalid(
                "count x targets is \(options.count * targets.count); one session sends at most \(most) requests (\(why))")
        }
        var results = targets.map(EchoTargetResult.init)
        var endpoints: [EchoEndpoint?] = []
        for index in targets.indices {
            do {
                endpoints.append(try EchoEndpoint(target: targets[index], allowsUDP: options.allowsUDPTargets))
            } catch let error as ModuleError {
                // A malformed target is a mistake in the request: nothing is measured.
                if case .invalid = error { throw error }
                results[index].error = error.message
                endpoints.append(nil)
            }
        }
        var session = try EchoRun(endpoints: endpoints, options: options, context: context)
        defer { session.close() }
        try session.run()
        for index in targets.indices where endpoints[index] != nil {
            session.fill(&results[index], target: index)
        }
        return results
    }
}
