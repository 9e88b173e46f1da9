/// Log and error text that cannot forge a line of its own. What netagent logs can carry text from
/// outside (a knob file's content, a module's message, a path): a newline followed by `<0>` would
/// start a journald line of emergency priority, and an escape sequence would drive the terminal.
extension String {
    /// The text on one line: every control character (C0, DEL, C1) written as an escape, `\n`,
    /// `\r` and `\t` by name and the others as `\xHH`.
    public func escapingControlCharacters() -> String {
        guard unicodeScalars.contains(where: \.isControlCharacter) else { return self }
        var text = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.isControlCharacter:
                let hex = String(scalar.value, radix: 16)
                text += "\\x" + (hex.count < 2 ? "0" : "") + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    /// The text with its lines kept but every line after the first indented by at least two
    /// spaces, so none can start a log line of its own (`<0>` there is no journald priority),
    /// and every other control character escaped as by `escapingControlCharacters()`.
    public func escapingControlCharactersKeepingIndentedLines() -> String {
        let lines = split(separator: "\n", omittingEmptySubsequences: false).map { String($0).escapingControlCharacters() }
        return lines.enumerated().map { index, line in index == 0 || line.hasPrefix("  ") ? line : "  " + line }
            .joined(separator: "\n")
    }
}

extension Unicode.Scalar {
    /// C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F).
    fileprivate var isControlCharacter: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}
