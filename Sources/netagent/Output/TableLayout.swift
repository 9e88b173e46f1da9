import Glibc

/// Fits a table's columns into the terminal: when the rows are wider than the terminal, the
/// widest columns are narrowed in turn (never below their header, nor 8 characters) and their
/// long cells keep both ends with "…" in the middle, as long paths read best. Output that is not
/// a terminal keeps every cell whole, for scripts.
enum TableLayout {
    /// The width of the terminal standard output goes to (`COLUMNS` when set, as ls reads it),
    /// nil when standard output is not a terminal.
    static func terminalWidth() -> Int? {
        guard isatty(1) != 0 else { return nil }
        if let text = getenv("COLUMNS").map({ String(cString: $0) }), let columns = Int(text), columns > 0 { return columns }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Column widths for `natural` widths (the widest cell of each), fitted into `available`
    /// characters with `separator` between columns; `minimums` are the narrowest each may become.
    static func widths(natural: [Int], minimums: [Int], available: Int?, separator: Int) -> [Int] {
        guard let available else { return natural }
        var widths = natural
        let budget = available - separator * (natural.count - 1)
        while widths.reduce(0, +) > budget {
            guard
                let widest = widths.indices.filter({ widths[$0] > max(minimums[$0], 8) }).max(by: { widths[$0] < widths[$1] })
            else { break }
            widths[widest] -= 1
        }
        return widths
    }

    /// `cell` shortened to `width` characters by replacing its middle with "…".
    static func shortened(_ cell: String, to width: Int) -> String {
        guard cell.count > width, width >= 3 else { return cell }
        let kept = width - 1
        return String(cell.prefix((kept + 1) / 2)) + "…" + String(cell.suffix(kept / 2))
    }
}
