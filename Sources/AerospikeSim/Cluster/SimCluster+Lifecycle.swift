import AerospikeWire
import NIOCore
import NIOPosix

/// Starting, stopping, killing and reviving nodes (SPEC.md §13 "Node lifecycle").
extension SimCluster {
    /// Opens every node's listening socket on 127.0.0.1.
    /// - Returns: the ports by node index.
    /// - Throws: ``SimError`` `.alreadyRunning`, or `.bindFailed` naming the port that could not be opened.
    @discardableResult
    public func start() async throws -> [Int] {
        guard runtime.makeGroup(threads: max(2, System.coreCount)) else {
            throw SimError(.alreadyRunning, "the simulator is already running; call stop() first")
        }
        do {
            try runtime.loadTLS(config.tls)
            for node in 0..<config.nodeCount where state.isAlive(node) {
                try await bind(node: node, port: config.basePort == 0 ? 0 : config.basePort + node)
            }
        } catch {
            await stop()
            throw error
        }
        return ports
    }

    /// Closes every socket and stops the event loops. Safe to call twice.
    public func stop() async {
        for node in 0..<config.nodeCount {
            for f in runtime.closeNode(node) { try? await f.get() }
        }
        if let group = runtime.takeGroup() { try? await group.shutdownGracefully() }
    }

    /// Kills a node: it stops listening, drops its connections, and its partitions move to the
    /// survivors (peers and partition generations bump). Data stays readable through the new masters.
    /// - Throws: ``SimError`` `.unknownNode`.
    public func kill(node: Int) async throws {
        try checkNode(node)
        let futures = killNow(node: node)
        for f in futures { try? await f.get() }
    }

    /// Revives a killed node on its previous port; it takes back its partitions.
    /// - Throws: ``SimError`` `.unknownNode`, `.notRunning`, `.bindFailed`.
    public func revive(node: Int) async throws {
        try checkNode(node)
        guard !state.isAlive(node) else { return }
        // The killed listener may still be closing: retry the bind for up to ~1 s.
        var attempt = 0
        while true {
            do {
                try await bind(node: node, port: state.port(of: node))
                break
            } catch let error as SimError where error.code == .bindFailed && attempt < 50 {
                attempt += 1
                try await Task.sleep(nanoseconds: 20_000_000)
            }
        }
        state.setAlive(true, node: node)
    }

    /// Marks the node dead and starts closing its sockets without waiting (usable on an event loop).
    @discardableResult
    func killNow(node: Int) -> [EventLoopFuture<Void>] {
        guard state.setAlive(false, node: node) else { return [] }
        return runtime.closeNode(node)
    }

    func checkNode(_ node: Int) throws {
        guard (0..<config.nodeCount).contains(node) else {
            throw SimError(.unknownNode, "node \(node) does not exist (nodes are 0...\(config.nodeCount - 1))")
        }
    }

    private func bind(node: Int, port: Int) async throws {
        guard let group = runtime.group else {
            throw SimError(.notRunning, "the simulator is not running; call start() first")
        }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.writeBufferWaterMark, value: .init(low: 256 * 1024, high: 1024 * 1024))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try self.runtime.addTLSHandler(to: channel)
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(ProtoFrameDecoder()),
                        MessageToByteHandler(ProtoFrameEncoder()),
                        SimConnectionHandler(cluster: self, node: node),
                    ])
                }
            }
        do {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
            runtime.setListener(channel, node: node)
            state.setPort(channel.localAddress?.port ?? port, node: node)
        } catch {
            throw SimError(.bindFailed, "node \(node) could not listen on 127.0.0.1:\(port); is the port in use?", cause: error)
        }
    }
}
