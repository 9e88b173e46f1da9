import ArgumentParser
import Glibc
import NetAgentCore

/// `netagent serve-echo`
struct ServeEcho: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-echo",
        abstract: "Echo netagent's UDP probes back to their senders, so hosts of a fleet can measure each other.",
        discussion: """
            Answers only what a netagent probe sends (the voice probe's udp: targets, the udpecho \
            example): datagrams that start with netagent's echo header (netagent/echo.h), each sent \
            back unchanged but for the header's reply flag. It never answers a reply (two reflectors \
            cannot bounce a packet between them), a source port below 1024 (where echo, chargen, DNS \
            and NTP services answer), another protocol's datagram, an empty one or one longer than \
            1472 bytes, nor more than the rates below allow per source address and in total: a \
            forged source cannot turn it into a loop or a flood toward a victim. What it refused is \
            counted by reason.

            Started as root (to bind a port below 1024, say), it binds, then drops root for good: \
            to the user netagent, or nobody where the package made no such user (--user to choose), \
            with no capabilities and no new privileges. Runs until interrupted (SIGINT or SIGTERM), \
            then prints what it echoed and refused.

            Example: netagent serve-echo --listen 0.0.0.0:9988
            """)

    @Flag(help: "Print the counts at the end as one JSON object.")
    var json = false

    @Option(help: ArgumentHelp("Where to listen: ADDRESS:PORT, or [IPv6]:PORT.", valueName: "address:port"))
    var listen = "0.0.0.0:9988"

    @Option(
        help: ArgumentHelp("The user to run as after binding, when started as root (default: netagent, else nobody).", valueName: "name"))
    var user: String?

    @Option(help: ArgumentHelp("Packets a second answered per source address.", valueName: "packets"))
    var sourcePps = EchoRateLimits().sourcePackets

    @Option(help: ArgumentHelp("Kilobits a second (UDP payload) answered per source address.", valueName: "kbit"))
    var sourceKbps = EchoRateLimits().sourceBits / 1000

    @Option(help: ArgumentHelp("Packets a second answered in all.", valueName: "packets"))
    var totalPps = EchoRateLimits().totalPackets

    @Option(help: ArgumentHelp("Kilobits a second (UDP payload) answered in all.", valueName: "kbit"))
    var totalKbps = EchoRateLimits().totalBits / 1000

    func validate() throws {
        for (name, value) in [
            ("--source-pps", sourcePps), ("--source-kbps", sourceKbps), ("--total-pps", totalPps), ("--total-kbps", totalKbps),
        ]
        where !(1...1_000_000_000).contains(value) {
            throw ValidationError("\(name) \(value): give a rate from 1 to 1000000000")
        }
    }

    func run() throws {
        try reportingFailures(json: json) {
            var limits = EchoRateLimits()
            limits.sourcePackets = sourcePps
            limits.sourceBits = sourceKbps * 1000
            limits.totalPackets = totalPps
            limits.totalBits = totalKbps * 1000
            let reflector = try EchoReflector(listen: listen, limits: limits)
            var runningAs = "as uid \(geteuid())"
            if geteuid() == 0 {
                let account = try UnprivilegedUser.find(named: user)
                try PrivilegeDrop.drop(to: account)
                runningAs = "as user \(account.name), root dropped"
            }
            // SIGTERM (systemd's stop) ends it as ^C does; a parent may hand it down blocked.
            signal(SIGTERM) { _ in ModuleCancellation.requestCancellation() }
            var terminate = sigset_t()
            sigemptyset(&terminate)
            sigaddset(&terminate, SIGTERM)
            sigprocmask(SIG_UNBLOCK, &terminate, nil)
            if !json { Output.standardError("netagent: echoing netagent's UDP probes on \(listen) \(runningAs); stop with ^C\n") }
            reflector.serve { ModuleCancellation.isCancelled }
            if json {
                Output.json(reflector.counts)
            } else {
                let refused = EchoRefusal.allCases.map {
                    "\(reflector.counts.dropped($0)) \(String($0.rawValue.map { $0 == "_" ? " " : $0 }))"
                }
                print("echoed \(reflector.counts.echoed); refused \(refused.joined(separator: ", "))")
            }
            return .success
        }
    }
}
