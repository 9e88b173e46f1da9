import NIOCore

/// Closes an HTTP connection of the agent's that has sent nothing for the idle timeout
/// (`IdleStateHandler`'s read event, in front of the HTTP decoder, so a request header that
/// stops half-way counts as silence), or that has been open for `maximumAge` whatever it sends,
/// so a client trickling a header byte by byte cannot hold it either.
final class IdleConnectionCloser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    /// The longest a connection stays open.
    static let maximumAge = TimeAmount.minutes(5)

    private var closeAtMaximumAge: Scheduled<Void>?

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        closeAtMaximumAge = context.eventLoop.scheduleTask(in: Self.maximumAge) { channel.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closeAtMaximumAge?.cancel()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case IdleStateHandler.IdleStateEvent.read = event {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
