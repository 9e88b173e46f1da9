import ArgumentParser
import NetAgentCore

/// `netagent probe`
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Measure only: run the enabled probes against their targets and print statistics.",
        discussion: """
            Each probe returns raw samples; netagent computes min, avg, max, mdev (population \
            standard deviation, as ping), nearest-rank p50/p90/p99, loss and RFC 3550 jitter. \
            Targets, count, interval_ms and timeout_ms come from each probe's [name] table in the \
            config; --target, --count, --interval and --timeout override them. Exits 2 when no \
            target answered at all.

            Example: netagent probe --enable tcpconnect --target 127.0.0.1:22 --target [::1]:22 --count 20
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selectionOptions: SelectionOptions

    @Option(name: .customLong("target"), help: ArgumentHelp(
        "A target for the one enabled probe (repeatable), e.g. host:port.", valueName: "target"))
    var targets: [String] = []

    @Option(help: "Attempts per target.")
    var count: Int?

    @Option(help: ArgumentHelp("Milliseconds between rounds of attempts.", valueName: "ms"))
    var interval: Int?

    @Option(help: ArgumentHelp("Milliseconds one attempt may take.", valueName: "ms"))
    var timeout: Int?

    func run() throws {
        try reportingFailures(json: global.json) {
            let environment = try CommandEnvironment(global)
            let selection = try environment.selection(selectionOptions)
            _ = try? environment.warnAboutUnfinished()
            let probes = selection.modules(of: .probe)
            guard !probes.isEmpty else { throw NetAgentError("no probe is enabled (see `netagent list-modules`)", exitCode: .invalidConfig) }
            if !targets.isEmpty && probes.count > 1 {
                throw NetAgentError(
                    "--target applies to one probe, but \(probes.map(\.name).joined(separator: ", ")) are enabled; choose one with --enable",
                    exitCode: .invalidConfig)
            }
            var skipped: [SkippedProbe] = []
            let overrides = ProbeOverrides(
                targets: targets.isEmpty ? nil : targets, count: count, intervalMS: interval, timeoutMS: timeout)
            let reports = try ProbeBatch.run(
                probes, selection: selection, context: environment.context, overrides: overrides,
                skipWithoutTargets: probes.count > 1, showProgress: !global.json, skipped: &skipped)
            if global.json {
                Output.json(ProbeReport(targets: reports, skippedProbes: skipped))
            } else {
                ProbeTable.print(reports, skipped: skipped)
            }
            return reports.contains { $0.statistics.received > 0 } ? .success : .checkFailed
        }
    }
}

/// The JSON of `probe`.
struct ProbeReport: Encodable {
    let targets: [TargetReport]
    let skippedProbes: [SkippedProbe]
    enum CodingKeys: String, CodingKey { case targets, skippedProbes = "skipped_probes" }
}
