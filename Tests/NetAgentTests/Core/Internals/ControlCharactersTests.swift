import Logging
import Testing

@testable import NetAgentCore

/// Text from outside (a knob file's content, a module's message) cannot start a log line of its
/// own: under journald a line starting `<0>` is filed as an emergency. Failed on 15b0cee, which
/// wrote log messages raw.
struct ControlCharactersTests {
    @Test func everyControlCharacterIsEscapedOntoOneLine() {
        #expect("a\nb\r\tc\u{1B}[31m\u{7F}\u{85}\u{0}".escapingControlCharacters() == "a\\nb\\r\\tc\\x1b[31m\\x7f\\x85\\x00")
        #expect("plain text, é and ü".escapingControlCharacters() == "plain text, é and ü")
    }

    @Test func keptLinesAreIndentedSoNoneStartsWithAPriority() {
        let message = "cannot restore:\n  sysctl:a\nx\n<0>forged\u{1B}"
        #expect(message.escapingControlCharactersKeepingIndentedLines() == "cannot restore:\n  sysctl:a\n  x\n  <0>forged\\x1b")
    }

    @Test func theAgentWritesADriftWarningWithAForgedPriorityAsOneLine() {
        let handler = AgentLogHandler(journald: true)
        let event = LogEvent(
            level: .warning, message: "drift: dns file:/etc/resolv.conf is nameserver 1.1.1.1\n<0>forged, the selection wants x",
            metadata: ["knob": "a\nb"], source: "test", file: #file, function: #function, line: #line)
        #expect(
            handler.line(for: event)
                == "<4>drift: dns file:/etc/resolv.conf is nameserver 1.1.1.1\\n<0>forged, the selection wants x knob=a\\nb\n")
    }

    @Test func theCommandsLogHandlerHandsOnEscapedMessagesAndMetadata() {
        let recorder = RecordingLogHandler()
        var logger = Logger(label: "test") { _ in OneLineLogHandler(wrapping: recorder) }
        logger[metadataKey: "module"] = "dns"
        logger.warning("line one\n<0>line two", metadata: ["value": "x\ny"])
        #expect(recorder.events.value == ["line one\\n<0>line two value=x\\ny module=dns"])
    }
}

/// Records each event as "message key=value ..." (event metadata first, then the handler's).
private struct RecordingLogHandler: LogHandler {
    final class Events: @unchecked Sendable { var value: [String] = [] }
    let events = Events()
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let pairs = (event.metadata ?? [:]).sorted { $0.key < $1.key } + metadata.sorted { $0.key < $1.key }
        events.value.append(([event.message.description] + pairs.map { "\($0.key)=\($0.value)" }).joined(separator: " "))
    }
}
