import AerospikeWire
import NIOCore
import NIOSSL

/// One client connection to one simulated node: dispatches info, admin and AS_MSG frames.
///
/// Frames arriving while a scan streams are queued and handled after it. A frame that cannot be
/// decoded gets a PARAMETER_ERROR reply and the connection is closed; a bad proto header closes the
/// connection (the decoder throws). Nothing a client sends can crash the process.
final class SimConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = WireFrame
    typealias OutboundOut = WireFrame

    private let cluster: SimCluster
    private let node: Int
    /// The user this socket logged in as (nil until LOGIN/AUTHENTICATE, or when security is off).
    private var user: String?
    private var scan: ScanJob?
    private var pending: [WireFrame] = []

    init(cluster: SimCluster, node: Int) {
        self.cluster = cluster
        self.node = node
    }

    private var authenticated: Bool { !cluster.security.enabled || user != nil }

    func channelActive(context: ChannelHandlerContext) {
        cluster.runtime.register(context.channel, node: node)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        scan?.cancel()
        scan = nil
        pending = []
        cluster.runtime.unregister(context.channel, node: node)
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        scan?.writabilityChanged()
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Malformed proto header or I/O error: drop the connection, never the process.
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if scan != nil {
            guard pending.count < 64 else { return context.close(promise: nil) }
            pending.append(frame)
            return
        }
        handle(frame, context: context)
    }

    private func handle(_ frame: WireFrame, context: ChannelHandlerContext) {
        switch frame.type {
        case .info: reply([infoReply(frame.body)], context: context)
        case .admin:
            let certificateUser = Self.certificateCommonName(context)
            reply([cluster.answerAdmin(frame.body, user: &user, certificateUser: certificateUser).frame()], context: context)
        case .message, .compressed: handleMessage(frame.body, context: context)
        }
    }

    private func infoReply(_ body: [UInt8]) -> WireFrame {
        let commands = InfoCodec.parseRequest(body)
        let pairs = commands.map { cmd -> (String, String) in
            guard authenticated else { return (cmd, "ERROR:80:not authenticated") }
            return (cmd, cluster.answerInfo(cmd, node: node, user: user))
        }
        return InfoCodec.response(pairs)
    }

    private func handleMessage(_ body: [UInt8], context: ChannelHandlerContext) {
        guard let m = try? AsMessage.decodeSingle(body) else {
            reply([AsMessage(info3: Info3.last, resultCode: .parameterError).frame()], context: context, thenClose: true)
            return
        }
        let compress = m.info1 & Info1.compressResponse != 0
        guard authenticated else {
            reply([AsMessage(info3: Info3.last, resultCode: ResultCode(80)).frame()], context: context)
            return
        }
        if m.info1 & Info1.batch != 0 {
            reply(cluster.executeBatch(m, node: node, user: user), context: context, compress: compress)
        } else if ScanRequest.isScan(m) {
            startScan(m, context: context)
        } else {
            let result = cluster.execute(RecordCommand(message: m), node: node, user: user)
            reply([result.message().frame()], context: context, compress: compress)
        }
    }

    private func startScan(_ m: AsMessage, context: ChannelHandlerContext) {
        let parsed = ScanRequest.parse(m)
        guard case .success(let request) = parsed else {
            if case .failure(let f) = parsed { reply([AsMessage(info3: Info3.last, resultCode: f.code).frame()], context: context) }
            return
        }
        guard let store = cluster.stores[request.namespace] else {
            reply([AsMessage(info3: Info3.last, resultCode: .invalidNamespace).frame()], context: context)
            return
        }
        guard cluster.security.allows(user, .read) else {
            reply([AsMessage(info3: Info3.last, resultCode: ResultCode(81)).frame()], context: context)
            return
        }
        cluster.scanLog.record(request, node: node)
        let job = ScanJob(cluster: cluster, node: node, request: request, store: store, context: context) { [weak self] in
            self?.scanFinished(context: context)
        }
        scan = job
        let delay = cluster.faults.plan(node: node).replyDelayMs
        if delay > 0 {
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(delay))) { job.start() }
        } else {
            job.start()
        }
    }

    private func scanFinished(context: ChannelHandlerContext) {
        scan = nil
        // Serve requests that arrived while the scan streamed, in order, until another scan starts.
        while scan == nil, !pending.isEmpty, context.channel.isActive {
            handle(pending.removeFirst(), context: context)
        }
    }

    /// Writes reply frames, after the node's injected delay if any.
    private func reply(_ frames: [WireFrame], context: ChannelHandlerContext, compress: Bool = false, thenClose: Bool = false) {
        let out = compress ? frames.map { (try? $0.compressed()) ?? $0 } : frames
        let send = {
            for f in out { context.write(self.wrapOutboundOut(f), promise: nil) }
            context.flush()
            if thenClose { context.close(promise: nil) }
        }
        let delay = cluster.faults.plan(node: node).replyDelayMs
        if delay > 0 {
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(delay))) { send() }
        } else {
            send()
        }
    }
}

extension SimConnectionHandler {
    /// The common name of the client's verified TLS certificate (mutual TLS), the user of a PKI login;
    /// nil without TLS or a client certificate. On the channel's event loop.
    static func certificateCommonName(_ context: ChannelHandlerContext) -> String? {
        guard let tls = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
            let certificate = tls.peerCertificate
        else { return nil }
        return certificate.subjectName.first { $0.type == .commonName }?.value
    }
}
