import NetAgentCore

/// Knob rows as a table: the plan of `run` and the findings of `status`.
enum KnobTable {
    static func print(_ rows: [KnobRow], dryRun: Bool) {
        guard !rows.isEmpty else { return Swift.print("no knobs: no tuner is enabled") }
        Output.table(
            ["MODULE", "KNOB", "CURRENT", "DESIRED", dryRun ? "PLAN" : "RESULT"],
            rows.map { row in
                let result: String
                switch row.action {
                case .change: result = dryRun ? "change" : "changed"
                case .unchanged: result = "already set"
                case .unsupported: result = "unsupported: \(row.reason ?? "")"
                }
                return [row.module, row.key, Output.cell(row.current), Output.cell(row.desired), result]
            })
    }
}
