import ArgumentParser
import Glibc
import NetAgentCore

/// The `netagent` command.
@main
struct NetAgent: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netagent",
        abstract: "Tune a Linux host's network path for real-time traffic, and measure the gain.",
        discussion: """
            netagent loads tuner modules (which set sysctls, sysfs files and NIC offloads) and probe \
            modules (which measure latency) from shared libraries, applies tuners as one journaled \
            transaction that can be rolled back, and reports before and after.

            Modules are searched in --module-path, $NETAGENT_MODULE_PATH, <prefix>/lib/netagent/modules, \
            then the build folder when run from a checkout. The config file is TOML \
            (/etc/netagent/netagent.toml); see `netagent help run`.

            EXIT STATUS
              0   success
              1   failure, nothing applied (a failed transaction was fully restored; or a probe failed)
              2   status found drifted knobs, or no probe target answered
              3   a transaction failed and restoring failed too: see the journal (or a tuner
                  called exit() in the middle of one: roll it back)
              4   invalid config file or command-line value (a malformed probe target
                  among them); nothing was applied
              5   run --rollback-if-worse found things worse and rolled back
              6   run applied its transaction, which stays in place, but a later step failed
                  (a probe, the comparison, the report): the message names the transaction
              64  command-line usage error

            EXAMPLES
              netagent list-modules
              netagent run --enable bbr --dry-run
              netagent run --enable bbr && netagent status --enable bbr
              netagent rollback
              netagent probe --enable tcpconnect --target 127.0.0.1:22 --count 10
            """,
        version: VersionText.text,
        subcommands: [
            ListModules.self, Run.self, Status.self, Rollback.self, Describe.self, ProbeCommand.self, CheckModule.self, ServeEcho.self,
            Agent.self, ModuleHost.self,
        ]
    )

    static func main() async {
        // The first ^C asks running modules to stop, so a transaction can finish or restore;
        // a second one ends the process at once (an open journal entry then says what to roll back).
        // A parent may hand signals down blocked; unblock them so ^C always reaches the handler
        // and the agent's SIGTERM and SIGHUP reach it.
        signal(SIGINT) { _ in
            if ModuleCancellation.requestCancellation() { _exit(130) }
        }
        var signals = sigset_t()
        sigemptyset(&signals)
        for number in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, number) }
        sigprocmask(SIG_UNBLOCK, &signals, nil)
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
