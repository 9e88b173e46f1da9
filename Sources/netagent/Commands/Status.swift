import ArgumentParser
import NetAgentCore

/// `netagent status`
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify every enabled knob: ok, drifted (current and desired shown) or unsupported.",
        discussion: """
            Reads each knob the enabled tuners want and compares it with the desired value. \
            Changes nothing. Exits 2 when any knob drifted, so it can run from cron or a health check. \
            Also warns about transactions a crash left unfinished; a user who cannot read the \
            journal (root's is mode 0700) is warned that they are not shown, and still gets the knobs.

            Example: netagent status --enable bbr --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selectionOptions: SelectionOptions

    @Flag(help: "Also verify /etc/sysctl.d/99-netagent.conf, as `run --persist` writes it.")
    var persist = false

    func run() throws {
        try reportingFailures(json: global.json) {
            let environment = try CommandEnvironment(global)
            let selection = try environment.selection(selectionOptions)
            // A health check may run as a user who cannot read root's journal: it still gets the knobs.
            environment.warnAboutUnfinishedIfListable()
            let result = try StatusOperation(
                selection: selection, context: environment.context, stateDirectory: global.stateDir, persist: persist
            ).run()
            if global.json {
                Output.json(result)
            } else if result.knobs.isEmpty {
                print("no knobs: no tuner is enabled")
            } else {
                Output.table(
                    ["MODULE", "KNOB", "STATUS", "CURRENT", "DESIRED", "REASON"],
                    result.knobs.map {
                        [$0.module, $0.key, $0.status.rawValue, Output.cell($0.current), Output.cell($0.desired), $0.reason ?? ""]
                    })
                ValueDiff.print(result.rows)
                print(
                    result.drifted == 0
                        ? "all supported knobs are as desired" : "\(result.drifted) knob(s) drifted; `netagent run` sets them again")
            }
            return result.exitStatus
        }
    }
}
