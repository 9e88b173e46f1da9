import FoundationEssentials

/// How far a probe's run has got: the attempts sent so far and the replies received, over every
/// target. A probe reports it through the `progress` service; a helper started with `--progress`
/// writes each report as one line (`{"progress":{"sent":N,"received":N}}`) before its answer, and
/// the host reads them as they come, for the progress line on a terminal.
public struct ProbeProgress: Codable, Sendable, Equatable {
    public let sent: Int
    public let received: Int

    public init(sent: Int, received: Int) {
        self.sent = sent
        self.received = received
    }

    /// The line a helper writes: small and fixed, made without an encoder (it is written from
    /// inside the module's call).
    var line: String { "{\"progress\":{\"sent\":\(sent),\"received\":\(received)}}\n" }

    /// How every progress line starts.
    static let linePrefix = Array("{\"progress\":".utf8)

    /// The report a helper's output line holds, nil when the line is something else.
    static func parse(line: some Collection<UInt8>) -> ProbeProgress? {
        guard line.starts(with: linePrefix) else { return nil }
        return try? JSONDecoder().decode(Line.self, from: Data(line)).progress
    }

    private struct Line: Codable {
        let progress: ProbeProgress
    }
}
