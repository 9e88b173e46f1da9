import Logging

/// A log handler that writes every event on one line: it escapes the control characters of the
/// message and of the metadata values (`escapingControlCharacters()`), then hands the event to
/// the handler it wraps. The commands log through it, so a module's message or a knob's value
/// cannot start a line of its own on a terminal or in the journal.
public struct OneLineLogHandler: LogHandler {
    private var wrapped: any LogHandler

    public init(wrapping handler: any LogHandler) { wrapped = handler }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = "\(event.message.description.escapingControlCharacters())"
        event.metadata = event.metadata?.mapValues { .string($0.description.escapingControlCharacters()) }
        wrapped.log(event: event)
    }

}
