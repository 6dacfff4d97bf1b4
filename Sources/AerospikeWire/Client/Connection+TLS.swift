import NIOCore
import NIOSSL

/// The TLS part of opening one ``Connection``: the pipeline handlers and the wait for the handshake.
///
/// Pipeline of a TLS connection: `NIOSSLClientHandler` → ``TLSHandshakeHandler`` → proto frame decoder /
/// encoder → inbox. The handshake must finish within the connect timeout (counted from the TCP connect).
struct TLSSetup: Sendable {
    private let context: TLSClientContext
    private let tlsName: String
    private let failure: TLSFailure
    private let timeout: TimeAmount
    private let handshake: EventLoopPromise<Void>
    /// The connection's first TLS error (see ``TLSErrorSlot``).
    let errors = TLSErrorSlot()

    /// - Parameter eventLoop: the loop the connection's channel runs on.
    init(context: TLSClientContext, host: Host, timeout: Duration, eventLoop: EventLoop) {
        self.context = context
        self.tlsName = context.config.tlsName(for: host)
        self.failure = TLSFailure(
            address: host.description, tlsName: tlsName, caFile: context.config.caFile,
            hasClientCertificate: context.hasClientCertificate)
        self.timeout = timeout.timeAmount
        self.handshake = eventLoop.makePromise(of: Void.self)
    }

    /// Adds the TLS handlers at the front of a new channel's pipeline (on its event loop).
    func addHandlers(to channel: Channel) throws {
        let handler = try context.makeHandler(tlsName: tlsName)
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.pipeline.syncOperations.addHandler(
            TLSHandshakeHandler(handshake: handshake, errors: errors, failure: failure, timeout: timeout))
    }

    /// Waits for the handshake to complete.
    /// - Throws: the ``WireError`` the handshake failed with.
    func completed() async throws {
        try await handshake.futureResult.get()
    }

    /// Fails the handshake wait when the connection never came up (no-op once the handshake finished).
    func abandon(_ error: WireError) {
        handshake.fail(error)
    }
}
