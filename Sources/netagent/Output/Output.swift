import FoundationEssentials
import Glibc
import NetAgentCore

/// Printing: JSON objects, aligned tables, warnings and errors.
enum Output {
    /// Prints `value` as pretty, key-sorted JSON on standard output.
    static func json(_ value: some Encodable) {
        do {
            print(String(decoding: try jsonEncoder().encode(value), as: UTF8.self))
        } catch {
            standardError("netagent: cannot encode the JSON report: \(error)\n")
        }
    }

    /// The encoder of every JSON report: pretty, with sorted keys and unescaped slashes.
    static func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Prints rows under headers, each column as wide as its widest cell, narrowed to fit the
    /// terminal (`TableLayout`).
    static func table(_ headers: [String], _ rows: [[String]]) {
        let natural = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        let widths = TableLayout.widths(
            natural: natural, minimums: headers.map(\.count), available: TableLayout.terminalWidth(), separator: 2)
        for row in [headers] + rows {
            let cells = row.enumerated().map { column, cell in
                let fitted = TableLayout.shortened(cell, to: widths[column])
                return column == row.count - 1 ? fitted : fitted.padding(to: widths[column])
            }
            print(cells.joined(separator: "  "))
        }
    }

    /// A warning on standard error; control characters escaped, a continuation line indented.
    static func warn(_ message: String) {
        standardError("netagent: warning: \(message.escapingControlCharactersKeepingIndentedLines())\n")
    }

    /// An error on standard error (escaped as a warning is), and as `{"error": ..., "exit_code": ...}` on standard output with --json.
    static func error(_ message: String, exitCode: Int32, json: Bool) {
        standardError("netagent: \(message.escapingControlCharactersKeepingIndentedLines())\n")
        if json { Output.json(ErrorReport(error: message, exitCode: exitCode)) }
    }

    /// Writes text to standard error, unbuffered.
    static func standardError(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// A value for a table cell: the text on one line (control characters escaped, newlines as \n), shortened, or "-" when absent.
    static func cell(_ value: String?) -> String {
        guard let value else { return "-" }
        let line = value.escapingControlCharacters()
        return line.count > 40 ? String(line.prefix(37)) + "..." : line
    }

    /// Milliseconds with three decimals, or "-".
    static func milliseconds(_ value: Double?) -> String {
        guard let value else { return "-" }
        return formatted(value, decimals: 3)
    }

    /// `value` with a fixed number of decimals.
    static func formatted(_ value: Double, decimals: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(value) * Double(scale)).rounded())
        let fraction = String(scaled % scale)
        let text = "\(scaled / scale)" + (decimals > 0 ? "." + String(repeating: "0", count: decimals - fraction.count) + fraction : "")
        return value < 0 && scaled != 0 ? "-" + text : text
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
