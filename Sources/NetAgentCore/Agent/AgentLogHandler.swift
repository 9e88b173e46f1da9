import Glibc
import Logging

/// The agent's log lines on standard error. Under systemd (`$JOURNAL_STREAM` set, so stderr is
/// connected to the journal) each line starts with its syslog priority in angle brackets, as
/// sd-daemon(3) describes (`<4>drift: ...`), so journald files it at the right level and adds
/// its own timestamp; elsewhere a line is `2026-11-28T10:00:00Z warning: ...`.
public struct AgentLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    /// Whether lines carry `<N>` priority prefixes for journald.
    private let journald: Bool

    public init(label: String) {
        self.init(journald: getenv("JOURNAL_STREAM") != nil)
    }

    /// A handler that writes journald's priority prefixes, or not.
    init(journald: Bool) {
        self.journald = journald
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line = self.line(for: event)
        _ = line.utf8CString.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
    }

    /// The line `event` is written as, newline included: one line whatever the message holds
    /// (control characters escaped), so text from outside, such as a knob file's content in a
    /// drift warning, cannot start a line of its own with a forged `<0>` priority.
    func line(for event: LogEvent) -> String {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let details = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let text = (event.message.description + details).escapingControlCharacters()
        return journald ? "<\(Self.priority(event.level))>\(text)\n" : "\(Self.timestamp()) \(event.level): \(text)\n"
    }

    /// syslog's priority of a level (sd-daemon(3)): 2 critical, 3 error, 4 warning, 5 notice,
    /// 6 info, 7 debug.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .critical: 2
        case .error: 3
        case .warning: 4
        case .notice: 5
        case .info: 6
        case .debug, .trace: 7
        }
    }

    /// The current UTC time as ISO 8601, to the second.
    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
