import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// An HTTP proxy on a free loopback port in front of an S3 server that fails a share of the requests
/// (SPEC.md §6 "S3 backend", retries): it answers `503 SlowDown` or `500 InternalError`, resets the
/// connection before forwarding, or forwards and then resets instead of answering (so the request
/// took effect but the client does not know). Everything else is forwarded unchanged.
public final class FaultProxy: Sendable {
    public enum Fault: String, CaseIterable, Sendable {
        case slowDown, internalError, resetBefore, resetAfter
    }

    public let port: Int
    private let channel: any Channel
    private let counts: NIOLockedValueBox<[Fault: Int]>
    private let forwarded: NIOLockedValueBox<Int>

    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// How many of each fault were injected, and how many requests passed through.
    public var injected: [Fault: Int] { counts.withLockedValue { $0 } }
    public var passed: Int { forwarded.withLockedValue { $0 } }

    /// - Parameter shares: the probability of each fault per request (their sum at most 1).
    public init(upstream: String, shares: [Fault: Double]) async throws {
        let counts = NIOLockedValueBox<[Fault: Int]>([:])
        let forwarded = NIOLockedValueBox(0)
        self.counts = counts
        self.forwarded = forwarded
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(
                        FaultHandler(upstream: upstream, shares: shares, counts: counts, forwarded: forwarded))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    public func stop() async {
        try? await channel.close()
    }
}

private final class FaultHandler: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked: every mutable field is touched on the channel's event loop only.
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let upstream: String
    let shares: [FaultProxy.Fault: Double]
    let counts: NIOLockedValueBox<[FaultProxy.Fault: Int]>
    let forwarded: NIOLockedValueBox<Int>
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(
        upstream: String, shares: [FaultProxy.Fault: Double], counts: NIOLockedValueBox<[FaultProxy.Fault: Int]>,
        forwarded: NIOLockedValueBox<Int>
    ) {
        self.upstream = upstream
        self.shares = shares
        self.counts = counts
        self.forwarded = forwarded
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            handle(head, body, context: context)
        }
    }

    private func roll() -> FaultProxy.Fault? {
        var dice = Double.random(in: 0..<1)
        for fault in FaultProxy.Fault.allCases {
            let share = shares[fault] ?? 0
            if dice < share {
                counts.withLockedValue { $0[fault, default: 0] += 1 }
                return fault
            }
            dice -= share
        }
        return nil
    }

    private func handle(_ head: HTTPRequestHead, _ body: ByteBuffer, context: ChannelHandlerContext) {
        let fault = roll()
        switch fault {
        case .slowDown: reply(context, status: .serviceUnavailable, code: "SlowDown", keepAlive: head.isKeepAlive)
        case .internalError: reply(context, status: .internalServerError, code: "InternalError", keepAlive: head.isKeepAlive)
        case .resetBefore: reset(context)
        case .resetAfter, nil:
            // Forwarded with the future-based API on this channel's event loop: no task of the
            // cooperative pool is needed, which tests blocking in CLI runs may be holding.
            var headers = head.headers
            for name in ["connection", "content-length", "transfer-encoding"] { headers.remove(name: name) }
            let hasBody = head.method != .GET && head.method != .HEAD
            guard let request = try? HTTPClient.Request(
                url: upstream + head.uri, method: head.method, headers: headers, body: hasBody ? .byteBuffer(body) : nil)
            else { return reset(context) }
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            HTTPClient.shared.execute(request: request, eventLoop: .delegate(on: context.eventLoop), deadline: .now() + .seconds(120))
                .whenComplete { result in
                    let (handler, context) = bound.value
                    guard case .success(let response) = result, fault == nil else { return handler.reset(context) }
                    handler.respond(context, response, method: head.method)
                }
        }
    }

    private func respond(_ context: ChannelHandlerContext, _ response: HTTPClient.Response, method: HTTPMethod) {
        forwarded.withLockedValue { $0 += 1 }
        var headers = response.headers
        headers.remove(name: "connection")
        headers.remove(name: "transfer-encoding")
        let body = response.body ?? ByteBuffer()
        if method != .HEAD && response.status != .noContent {
            headers.replaceOrAdd(name: "content-length", value: "\(body.readableBytes)")
        }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: response.status, headers: headers))), promise: nil)
        if method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private func reply(_ context: ChannelHandlerContext, status: HTTPResponseStatus, code: String, keepAlive: Bool) {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>\(code)</Code><Message>injected by FaultProxy</Message></Error>"
        var headers = HTTPHeaders([("content-type", "application/xml"), ("content-length", "\(xml.utf8.count)")])
        if !keepAlive { headers.add(name: "connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: xml)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Closes with SO_LINGER 0, so the client sees a TCP reset.
    private func reset(_ context: ChannelHandlerContext) {
        guard let socket = context.channel as? any SocketOptionProvider else { return context.close(promise: nil) }
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in bound.value.close(promise: nil) }
    }
}
