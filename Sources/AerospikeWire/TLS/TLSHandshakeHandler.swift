import NIOCore
import NIOSSL
import NIOTLS

/// Sits right after the `NIOSSLClientHandler` of a TLS connection.
///
/// - Completes ``handshake`` when TLS is up and the node's certificate carries the TLS name
///   (``TLSNameCheck``), or fails it with a ``WireError`` when the handshake fails, the name does not
///   match, the node closes the socket first, or `timeout` passes (the socket is closed then).
/// - For the rest of the connection's life, turns TLS errors into ``WireError/Code/tls`` errors that name
///   the cause (a node that wants a client certificate under TLS 1.3 says so only after the handshake).
///
/// Every method runs on the channel's event loop.
final class TLSHandshakeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Succeeds when the handshake completes.
    let handshake: EventLoopPromise<Void>
    /// Receives the first TLS error.
    let errors: TLSErrorSlot
    private let failure: TLSFailure
    private let timeout: TimeAmount
    private var timeoutTask: Scheduled<Void>?
    private var finished = false

    init(handshake: EventLoopPromise<Void>, errors: TLSErrorSlot, failure: TLSFailure, timeout: TimeAmount) {
        self.handshake = handshake
        self.errors = errors
        self.failure = failure
        self.timeout = timeout
    }

    func channelActive(context: ChannelHandlerContext) {
        let failure = self.failure
        let timeout = self.timeout
        timeoutTask = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            finish(.failure(failure.handshakeTimedOut(after: timeout)))
            context.close(promise: nil)
        }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            if let mismatch = checkName(context: context) {
                errors.record(mismatch)
                finish(.failure(mismatch))
                context.close(promise: nil)
                return
            }
            finish(.success(()))
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// The error if the node's certificate does not carry the TLS name (nil when it does).
    private func checkName(context: ChannelHandlerContext) -> WireError? {
        let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self)
        guard let certificate = handler?.peerCertificate else {
            return WireError(.tls, "\(failure.address) completed the TLS handshake without a certificate")
        }
        if TLSNameCheck.certificate(certificate, carries: failure.tlsName) { return nil }
        return failure.nameMismatch(certificateNames: TLSNameCheck.names(of: certificate))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let wire = failure.wireError(for: error, afterHandshake: finished)
        if wire.code == .tls { errors.record(wire) }
        finish(.failure(wire))
        context.fireErrorCaught(wire)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(failure.closedDuringHandshake()))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish(.failure(failure.closedDuringHandshake()))
    }

    private func finish(_ result: Result<Void, WireError>) {
        guard !finished else { return }
        finished = true
        timeoutTask?.cancel()
        timeoutTask = nil
        switch result {
        case .success: handshake.succeed(())
        case .failure(let error): handshake.fail(error)
        }
    }
}
