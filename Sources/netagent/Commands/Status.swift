import ArgumentParser
import NetAgentCore

/// `netagent status`
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify every enabled knob: ok, drifted (current and desired shown) or unsupported.",
        discussion: """
            Reads each knob the enabled tuners want and compares it with the desired value. \
            Changes nothing. Exits 2 when any knob drifted, so it can run from cron or a health check. \
            Also warns about transactions a crash left unfinished.

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
            let unfinished = try environment.warnAboutUnfinished().entries.filter { $0.state == .open }.map(\.id)
            let rows = try KnobPlanner.plan(selection, context: environment.context, persist: persist)
            let knobs = rows.map(KnobStatus.init)
            let drifted = knobs.filter { $0.status == .drifted }.count
            if global.json {
                Output.json(StatusReport(hostname: selection.hostname, profile: selection.profile.rawValue,
                                         knobs: knobs, drifted: drifted, unfinishedTransactions: unfinished))
            } else if knobs.isEmpty {
                print("no knobs: no tuner is enabled")
            } else {
                Output.table(["MODULE", "KNOB", "STATUS", "CURRENT", "DESIRED", "REASON"], knobs.map {
                    [$0.module, $0.key, $0.status.rawValue, Output.cell($0.current), Output.cell($0.desired), $0.reason ?? ""]
                })
                ValueDiff.print(rows)
                print(drifted == 0 ? "all supported knobs are as desired" : "\(drifted) knob(s) drifted; `netagent run` sets them again")
            }
            return drifted == 0 ? .success : .checkFailed
        }
    }
}
