import ArgumentParser
import Glibc
import NetAgentCore

/// `netagent serve-echo`
struct ServeEcho: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-echo",
        abstract: "Echo UDP datagrams back to their senders, so hosts of a fleet can measure each other.",
        discussion: """
            Every datagram goes back byte for byte (timestamps untouched), from the address it came \
            to. An empty datagram, or one longer than 1472 bytes, is dropped and counted. Runs until \
            interrupted (SIGINT or SIGTERM), then prints what it echoed and dropped.

            Example: netagent serve-echo --listen 0.0.0.0:7
            """)

    @Flag(help: "Print the counts at the end as one JSON object.")
    var json = false

    @Option(help: ArgumentHelp("Where to listen: ADDRESS:PORT, or [IPv6]:PORT.", valueName: "address:port"))
    var listen = "0.0.0.0:7"

    func run() throws {
        try reportingFailures(json: json) {
            let reflector = try EchoReflector(listen: listen)
            // SIGTERM (systemd's stop) ends it as ^C does; a parent may hand it down blocked.
            signal(SIGTERM) { _ in ModuleCalls.requestCancellation() }
            var terminate = sigset_t()
            sigemptyset(&terminate)
            sigaddset(&terminate, SIGTERM)
            sigprocmask(SIG_UNBLOCK, &terminate, nil)
            if !json { Output.standardError("netagent: echoing UDP on \(listen); stop with ^C\n") }
            reflector.serve { ModuleCalls.isCancelled }
            if json {
                Output.json(reflector.counts)
            } else {
                print(
                    "echoed \(reflector.counts.echoed), dropped \(reflector.counts.droppedMalformed) malformed (empty) and \(reflector.counts.droppedOversized) oversized"
                )
            }
            return .success
        }
    }
}
