import NIOCore
import NIOPosix

/// One socket to one node: send frames, read frames, with per-read timeouts.
///
/// A connection is used by one task at a time (a pool hands it out); after any error or timeout it must be
/// closed, because the stream position is unknown.
public final class Connection: Sendable {
    // Immutable references only; `inbox` is only touched on the channel's event loop.
    let channel: Channel
    private let inbox: FrameInbox
    /// The first TLS error of a TLS connection (nil for plaintext).
    private let tlsErrors: TLSErrorSlot?
    /// "host:port" for messages.
    public let address: String

    private init(channel: Channel, inbox: FrameInbox, address: String, tlsErrors: TLSErrorSlot?) {
        self.channel = channel
        self.inbox = inbox
        self.address = address
        self.tlsErrors = tlsErrors
    }

    /// Opens a plaintext TCP connection.
    /// - Throws: ``WireError/Code/connection`` if the connect fails or times out.
    public static func connect(
        host: String, port: Int, timeout: Duration = .seconds(5),
        group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> Connection {
        try await connect(to: Host(host, port), tls: nil, timeout: timeout, group: group)
    }

    /// Opens a TCP connection, TLS when `tls` is given (see `Connection+TLS.swift`).
    ///
    /// `timeout` bounds the TCP connect and, separately, the TLS handshake.
    /// - Throws: ``WireError/Code/connection`` if the connect fails or times out; ``WireError/Code/tls`` or
    ///   ``WireError/Code/timeout`` if the TLS handshake fails or does not finish in time.
    static func connect(
        to host: Host, tls: TLSClientContext?, timeout: Duration, group: EventLoopGroup
    ) async throws -> Connection {
        let inbox = FrameInbox()
        let address = host.description
        let loop = group.next()
        let handshake = tls.map { TLSSetup(context: $0, host: host, timeout: timeout, eventLoop: loop) }
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout.timeAmount)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelOption(ChannelOptions.autoRead, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let handshake {
                        try handshake.addHandlers(to: channel)
                    } else {
                        try pipeline.addHandler(PlaintextTLSDetector(address: address))
                    }
                    try pipeline.addHandler(ByteToMessageHandler(ProtoFrameDecoder()))
                    try pipeline.addHandler(MessageToByteHandler(ProtoFrameEncoder()))
                    try pipeline.addHandler(inbox)
                }
            }
        let channel: Channel
        do {
            channel = try await bootstrap.connect(host: host.name, port: host.port).get()
        } catch {
            let wire = (error as? WireError) ?? WireError(.connection, "cannot connect to \(address)", cause: error)
            handshake?.abandon(wire)
            throw wire
        }
        if let handshake {
            do {
                try await handshake.completed()
            } catch {
                channel.close(promise: nil)
                throw error
            }
        }
        return Connection(channel: channel, inbox: inbox, address: address, tlsErrors: handshake?.errors)
    }

    /// True while the socket is open.
    public var isActive: Bool { channel.isActive }

    /// Writes one frame.
    public func send(_ frame: WireFrame) async throws {
        do {
            try await channel.writeAndFlush(frame).get()
        } catch {
            throw tlsErrors?.error ?? WireError(.connection, "write to \(address) failed", cause: error)
        }
    }

    /// Reads the next frame, failing with ``WireError/Code/timeout`` (and closing the socket) after `timeout`.
    public func receive(timeout: Duration?) async throws -> WireFrame {
        let loop = channel.eventLoop
        let inbox = self.inbox
        let address = self.address
        let future = loop.flatSubmit { () -> EventLoopFuture<WireFrame> in
            let f = inbox.next(eventLoop: loop)
            guard let timeout else { return f }
            let task = loop.scheduleTask(in: timeout.timeAmount) {
                inbox.cancelWaiter(with: WireError(.timeout, "no reply from \(address) within \(timeout)"))
            }
            f.whenComplete { _ in task.cancel() }
            return f
        }
        do {
            return try await future.get()
        } catch let e as WireError {
            if e.code == .timeout { close() }
            if e.code == .connection, let tls = tlsErrors?.error { throw tls }
            throw e
        } catch {
            throw WireError(.connection, "read from \(address) failed", cause: error)
        }
    }

    /// Sends `frame` and reads one reply frame.
    public func request(_ frame: WireFrame, timeout: Duration?) async throws -> WireFrame {
        try await send(frame)
        return try await receive(timeout: timeout)
    }

    /// Runs info commands; returns the values keyed by command.
    /// - Throws: ``WireError/Code/malformed`` if the reply is not an info frame.
    public func info(_ commands: [String], timeout: Duration?) async throws -> [String: String] {
        let reply = try await request(InfoCodec.request(commands), timeout: timeout)
        guard reply.type == .info else {
            throw WireError.malformed("expected an info reply from \(address), got proto type \(reply.type)")
        }
        var out: [String: String] = [:]
        for (k, v) in InfoCodec.parseResponse(reply.body) { out[k] = v }
        return out
    }

    /// Sends one AS_MSG and decodes the single-message reply.
    public func command(_ message: AsMessage, timeout: Duration?) async throws -> AsMessage {
        let reply = try await request(message.frame(), timeout: timeout)
        guard reply.type == .message else {
            throw WireError.malformed("expected an AS_MSG reply from \(address), got proto type \(reply.type)")
        }
        return try AsMessage.decodeSingle(reply.body)
    }

    /// Sends an admin message and decodes the reply.
    public func admin(_ message: AdminMessage, timeout: Duration?) async throws -> AdminMessage {
        let reply = try await request(message.frame(), timeout: timeout)
        guard reply.type == .admin else {
            throw WireError.malformed("expected an admin reply from \(address), got proto type \(reply.type)")
        }
        return try AdminMessage.decode(reply.body)
    }

    /// Closes the socket (idempotent, does not wait).
    public func close() {
        channel.close(promise: nil)
    }
}

extension Duration {
    /// The duration as a NIO `TimeAmount` (nanosecond precision, saturating).
    var timeAmount: TimeAmount {
        let (s, atto) = components
        let ns = s.multipliedReportingOverflow(by: 1_000_000_000)
        if ns.overflow { return .nanoseconds(Int64.max) }
        return .nanoseconds(ns.partialValue + atto / 1_000_000_000)
    }

    /// Whole milliseconds, clamped to u32 (for wire timeout fields).
    var milliseconds: UInt32 {
        let (s, atto) = components
        let ms = s * 1000 + atto / 1_000_000_000_000_000
        return UInt32(clamping: max(0, ms))
    }
}
