import NIOCore

/// Buffers decoded frames for one consumer with back-pressure: once `highWatermark` frames are queued,
/// socket reads are withheld until the consumer catches up. All methods run on the channel's event loop.
// @unchecked Sendable: every stored property is only read or written on the channel's event loop.
final class FrameInbox: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = WireFrame
    typealias OutboundIn = WireFrame
    typealias OutboundOut = WireFrame

    private var queue = CircularBuffer<WireFrame>()
    private var waiter: EventLoopPromise<WireFrame>?
    private var failure: WireError?
    private var pendingRead = false
    private var context: ChannelHandlerContext?
    private let highWatermark: Int

    init(highWatermark: Int = 16) { self.highWatermark = highWatermark }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if let w = waiter {
            waiter = nil
            w.succeed(frame)
        } else {
            queue.append(frame)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        let wire = (error as? WireError) ?? WireError(.connection, "socket error", cause: error)
        fail(wire)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(WireError(.connection, "connection closed by peer"))
        context.fireChannelInactive()
    }

    func read(context: ChannelHandlerContext) {
        if queue.count >= highWatermark {
            pendingRead = true
        } else {
            context.read()
        }
    }

    private func fail(_ error: WireError) {
        if failure == nil { failure = error }
        if let w = waiter {
            waiter = nil
            w.fail(failure ?? error)
        }
    }

    /// The next frame (immediately if buffered). Must be called on the event loop.
    func next(eventLoop: EventLoop) -> EventLoopFuture<WireFrame> {
        if let frame = queue.popFirst() {
            if pendingRead, queue.count < highWatermark / 2 {
                pendingRead = false
                context?.read()
            }
            return eventLoop.makeSucceededFuture(frame)
        }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        if pendingRead {
            pendingRead = false
            context?.read()
        }
        let p = eventLoop.makePromise(of: WireFrame.self)
        waiter = p
        return p.futureResult
    }

    /// Fails a pending ``next(eventLoop:)`` with `error` (used for timeouts).
    func cancelWaiter(with error: WireError) {
        if let w = waiter {
            waiter = nil
            w.fail(error)
        }
    }
}
