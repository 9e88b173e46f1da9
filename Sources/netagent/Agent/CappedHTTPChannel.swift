import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NetAgentCore
import Synchronization

/// The agent's HTTP/1.1 connections, at most `limit` open at once: one more is closed as soon as
/// it is accepted (`onRefused` counts it), so local users holding connections cannot use up
/// the descriptors that transactions and probe helpers need. A connection that sends nothing for
/// the idle timeout, or that is 5 minutes old, is closed (`IdleConnectionCloser`).
struct CappedHTTPChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    /// How many connections are open, shared by every connection's setup.
    final class OpenCount: Sendable {
        let value = Mutex(0)
    }

    let base: HTTP1Channel
    let limit: Int
    let idleTimeout: TimeAmount
    let open = OpenCount()
    let onRefused: @Sendable () -> Void

    /// The server builder for `Application`: HTTP/1.1 with `idleTimeoutS` and `limit`.
    static func builder(idleTimeoutS: Int, limit: Int, onRefused: @escaping @Sendable () -> Void) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            // Headers of a scrape are small; a client sending kilobytes of them is not one.
            let decoder = HTTP1Channel.Configuration.DecoderConfiguration(
                maxHeaderFieldSize: 8 * 1024, maxHeaderListSize: 16 * 1024, maxHeaderFieldCount: 100)
            let configuration = HTTP1Channel.Configuration(httpDecoderConfiguration: decoder)
            return CappedHTTPChannel(
                base: HTTP1Channel(responder: responder, configuration: configuration), limit: limit,
                idleTimeout: .seconds(Int64(idleTimeoutS)), onRefused: onRefused)
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let admitted = open.value.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else {
            onRefused()
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }
        channel.closeFuture.whenComplete { [open] _ in open.value.withLock { $0 -= 1 } }
        do {
            // In front of the HTTP decoder: silence is measured in bytes, not requests.
            try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser(), position: .first)
            try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idleTimeout), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
