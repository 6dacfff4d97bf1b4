/// A live view of an Aerospike cluster: nodes discovered from seeds and peers, a partition map kept fresh
/// by a tend loop, and the commands (scan, writes, info) routed through it (SPEC.md §12.8).
///
/// Create with ``connect(_:)``; call ``close()`` when done (stops the tend loop, closes sockets).
public actor Cluster {
    public nonisolated let config: ClusterConfig
    let login: LoginRequest?
    /// The loaded TLS configuration (nil = plaintext).
    let tls: TLSClientContext?
    private(set) var nodes: [String: Node] = [:]
    /// The current partition map.
    public private(set) var partitionMap = PartitionMap()
    private var state = ClusterTendState()
    private var tendTask: Task<Void, Never>?
    private var tendInFlight: Task<Void, Error>?
    private var tendInFlightForced = false
    private var tendInFlightID = 0
    let rateLimiter: RateLimiter?
    private var isClosed = false

    private init(config: ClusterConfig, login: LoginRequest?, tls: TLSClientContext?) {
        self.config = config
        self.login = login
        self.tls = tls
        self.rateLimiter = config.maxWritesPerSecond.map { RateLimiter(perSecond: $0) }
    }

    /// Connects to the first reachable seed, discovers its peers, loads the partition map and starts tending.
    ///
    /// - Throws: ``WireError/Code/noNodes`` if no seed answers, ``WireError/Code/clusterNameMismatch`` if a
    ///   seed reports another cluster name, ``WireError/Code/notAuthenticated`` if login is refused,
    ///   ``WireError/Code/tls`` if the TLS files are unusable or a seed fails TLS (untrusted certificate,
    ///   TLS name mismatch, client certificate required, plaintext port).
    public static func connect(_ config: ClusterConfig) async throws -> Cluster {
        let tls = try config.tls.map { try TLSClientContext($0) }
        let cluster = Cluster(config: config, login: try LoginRequest(config), tls: tls)
        try await cluster.seed()
        await cluster.startTending()
        return cluster
    }

    /// Current nodes.
    public var currentNodes: [Node] { nodes.values.sorted { $0.id < $1.id } }

    private func seed() async throws {
        var lastError: WireError?
        for host in config.seeds {
            do {
                let node = try await probe(host)
                nodes[node.id] = node
                break
            } catch let e as WireError {
                // Configuration problems: another seed would not fix them.
                if e.code == .clusterNameMismatch || e.code == .notAuthenticated || e.code == .tls { throw e }
                lastError = e
            }
        }
        guard !nodes.isEmpty else {
            throw WireError(
                .noNodes, "no seed host answered (\(config.seeds.map(\.description).joined(separator: ", ")))",
                cause: lastError)
        }
        try await tend(force: true)
    }

    /// Connects to `host`, reads its node id and checks the cluster name.
    private func probe(_ host: Host) async throws -> Node {
        let pool = ConnectionPool(host: host, config: config, login: login, tls: tls)
        do {
            let commands = ["node"] + (config.clusterName == nil ? [] : ["cluster-name"])
                + (config.preferredRacks.isEmpty ? [] : ["rack-ids"])
            let info = try await pool.withConnection { try await $0.info(commands, timeout: self.config.socketTimeout) }
            if let answer = info["node"], let error = InfoCodec.error(in: answer), error.code == 80 {
                // A secured cluster answers every info command of an unauthenticated socket with
                // ERROR:80 (SPEC.md §13.8): that is a missing login, not a broken node.
                throw WireError(.notAuthenticated, "\(host) requires a login (security is enabled): \(error.message)")
            }
            guard let id = info["node"], !id.isEmpty, InfoCodec.error(in: id) == nil else {
                throw WireError.malformed("\(host) gave no node id")
            }
            if let expected = config.clusterName, info["cluster-name"] != expected {
                throw WireError(
                    .clusterNameMismatch,
                    "\(host) belongs to cluster '\(info["cluster-name"] ?? "?")', expected '\(expected)'")
            }
            return Node(id: id, host: host, pool: pool, racks: Node.parseRacks(info["rack-ids"] ?? ""))
        } catch {
            await pool.closeAll()
            throw error
        }
    }

    private func startTending() {
        let interval = config.tendInterval
        tendTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, !Task.isCancelled else { return }
                try? await self.tend(force: false)
            }
        }
    }

    /// Runs one tend cycle now: node health, peers, partition map. `force` re-reads the map regardless of
    /// partition generations (used after PARTITION_UNAVAILABLE or a failed node).
    public func refresh() async throws { try await tend(force: true) }

    /// Runs a tend cycle, coalescing with one already running (a forced request waits for a running
    /// unforced cycle, then runs its own).
    func tend(force: Bool) async throws {
        while let running = tendInFlight {
            let runningID = tendInFlightID
            let runningForced = tendInFlightForced
            _ = try? await running.value
            if runningForced || !force { return }
            // Finished, but its owner may not have resumed to clear it yet: never spin on it.
            if tendInFlightID == runningID { tendInFlight = nil }
        }
        guard !isClosed else { return }
        let task = Task { try await self.tendCycle(force: force) }
        tendInFlightID &+= 1
        let myID = tendInFlightID
        tendInFlight = task
        tendInFlightForced = force
        defer {
            if tendInFlightID == myID {
                tendInFlight = nil
                tendInFlightForced = false
            }
        }
        try await task.value
    }

    private func tendCycle(force: Bool) async throws {
        guard !isClosed else { return }
        let peersCommand = "peers-\(tls == nil ? "clear" : "tls")-\(config.useAlternateAccessAddress ? "alt" : "std")"
        // 1. Poll every node.
        var polls: [String: NodePoll] = [:]
        await withTaskGroup(of: (String, NodePoll).self) { group in
            for node in nodes.values {
                let timeout = config.socketTimeout
                group.addTask {
                    do {
                        let info = try await node.pool.withConnection {
                            try await $0.info(["node", "peers-generation", "partition-generation"], timeout: timeout)
                        }
                        return (node.id, .ok(
                            nodeID: info["node"] ?? "", peersGeneration: Int(info["peers-generation"] ?? "") ?? -1,
                            partitionGeneration: Int(info["partition-generation"] ?? "") ?? -1))
                    } catch {
                        return (node.id, .failed)
                    }
                }
            }
            for await (id, poll) in group { polls[id] = poll }
        }
        // 2. Peers of nodes whose peers-generation moved.
        var peers: [String: [Peer]] = [:]
        for id in state.nodesNeedingPeers(polls: polls) {
            guard let node = nodes[id] else { continue }
            if let text = try? await node.pool.withConnection({
                try await $0.info([peersCommand], timeout: self.config.socketTimeout)[peersCommand]
            }), let parsed = try? PeersParser.parse(text) {
                peers[id] = parsed.peers
            }
        }
        // 3. Decide joins and leaves.
        let decision = state.update(polls: polls, peers: peers, known: Set(nodes.keys))
        for id in decision.remove {
            if let n = nodes.removeValue(forKey: id) { await n.pool.closeAll() }
        }
        var joined = false
        for peer in decision.add where nodes[peer.nodeID] == nil {
            for host in peer.hosts {
                if let node = try? await probe(host), node.id == peer.nodeID {
                    nodes[node.id] = node
                    joined = true
                    break
                }
            }
        }
        // 4. Partition map from every live node.
        if force || joined || decision.mapChanged || !decision.remove.isEmpty {
            try await rebuildMap(skipping: decision.failed)
        }
    }

    private func rebuildMap(skipping failed: Set<String>) async throws {
        var map = PartitionMap()
        for node in nodes.values.sorted(by: { $0.id < $1.id }) where !failed.contains(node.id) {
            let timeout = config.socketTimeout
            guard let info = try? await node.pool.withConnection({
                try await $0.info(["partition-generation", "replicas"], timeout: timeout)
            }), let replicas = info["replicas"] else { continue }
            try? map.merge(node: node.id, replicas: replicas)
            state.mapLoaded(node: node.id, partitionGeneration: Int(info["partition-generation"] ?? "") ?? -1)
        }
        partitionMap = map
    }

    /// The node a scan of `partition` goes to (SPEC.md §12.11 "Racks"): the first replica on a rack
    /// of ``ClusterConfig/preferredRacks``, else the master; nil when no node is known.
    public func scanNode(namespace: String, partition: Int) -> String? {
        Self.scanNode(
            map: partitionMap, namespace: namespace, partition: partition, preferred: config.preferredRacks,
            rackOf: { self.nodes[$0]?.racks[namespace] })
    }

    static func scanNode(
        map: PartitionMap, namespace: String, partition: Int, preferred: [Int], rackOf: (String) -> Int?
    ) -> String? {
        let replicas = map.replicas(namespace: namespace, partition: partition)
        guard !preferred.isEmpty else { return replicas.first }
        return replicas.first { rackOf($0).map(preferred.contains) ?? false } ?? replicas.first
    }

    /// The node mastering `partition` of `namespace`, if known.
    public func master(namespace: String, partition: Int) -> Node? {
        partitionMap.master(namespace: namespace, partition: partition).flatMap { nodes[$0] }
    }

    /// Node by id.
    public func node(id: String) -> Node? { nodes[id] }

    /// Stops tending and closes every connection. Idempotent.
    public func close() async {
        isClosed = true
        tendTask?.cancel()
        tendTask = nil
        for n in nodes.values { await n.pool.closeAll() }
        nodes.removeAll()
    }

    /// Throws ``WireError/Code/closed`` after ``close()``.
    func checkOpen() throws {
        if isClosed { throw WireError(.closed, "cluster connection is closed") }
    }
}

extension Cluster {
    /// Each node's rack id in `namespace` (nodes that report none are left out).
    func nodeRacks(namespace: String) -> [String: Int] {
        nodes.compactMapValues { $0.racks[namespace] }
    }
}
