import NetAgentCore

/// The LOSS table, after the latency table: how the losses came (bursts and the longest one) and
/// the replies that were not losses (duplicates, reordered, late, corrupt). Shown for the loss
/// probe's targets and for any target with such an event.
enum LossTable {
    static let events = ReplyEvents.all

    static func print(_ reports: [TargetReport]) {
        let shown = reports.filter { report in
            report.module == EchoProbeNames.loss || report.statistics.received < report.statistics.sent
                || events.contains { (report.counters?[$0] ?? 0) > 0 }
        }
        guard !shown.isEmpty else { return }
        Swift.print("")
        Output.table(
            ["PROBE", "TARGET", "SENT", "LOST", "BURSTS", "LONGEST", "DUP", "REORDERED", "LATE", "CORRUPT"],
            shown.map { report in
                let stats = report.statistics
                return [report.module, report.target, "\(stats.sent)", "\(stats.sent - stats.received)"]
                    + ["\(report.lossBursts.count)", "\(report.lossBursts.max)"]
                    + events.map { name in report.counters?[name].map { "\($0)" } ?? "-" }
            })
    }
}
