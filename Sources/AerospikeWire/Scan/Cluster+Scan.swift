import Synchronization

/// Partition scans (SPEC.md §12.11, §12.8) driven by ``ScanStateMachine``.
extension Cluster {
    /// Scans partitions, grouped by master node (one request per node per round), delivering every record
    /// exactly once and `.partitionDone(p)` when partition `p` is complete.
    ///
    /// Partitions that get an error marker (e.g. 11) or whose node fails mid-stream are retried on the new
    /// master after a partition-map refresh, resuming after their last delivered digest, for at most
    /// `request.maxRounds` rounds; then the stream throws ``WireError/Code/incomplete`` naming them.
    /// Reading pauses while `request.bufferSize` events wait for the consumer.
    public nonisolated func scan(_ request: ScanRequest) -> ScanStream {
        startScan(request, partitionDone: { .partitionDone($0) }) { batch, source in
            for record in batch.records { try await source.send(.record(try batch.scannedRecord(record))) }
        }
    }

    /// The same scan as ``scan(_:)`` (same retries, resume and ordering guarantees), delivering each
    /// reply frame's records as one ``ScanRecordBatch`` of in-place views instead of decoded records:
    /// no per-record allocation between the socket and the consumer. `request.bufferSize` then
    /// counts batches.
    public nonisolated func scanBatches(_ request: ScanRequest) -> ScanBatchStream {
        startScan(request, partitionDone: { .partitionDone($0) }) { batch, source in
            try await source.send(.records(batch))
        }
    }

    private nonisolated func startScan<Event: Sendable>(
        _ request: ScanRequest, partitionDone: @escaping @Sendable (Int) -> Event,
        deliver: @escaping @Sendable (ScanRecordBatch, ScanEventSource<Event>) async throws -> Void
    ) -> ScanEventStream<Event> {
        let (source, events) = ScanEventSource<Event>.make(capacity: request.bufferSize)
        let sink = ScanSink(source: source, partitionDone: partitionDone, deliver: deliver)
        let task = Task {
            do {
                try await self.runScan(request, into: sink)
                source.finish()
            } catch {
                source.finish(error)
            }
        }
        return ScanEventStream(events: events, task: task)
    }

    private nonisolated func runScan<Event>(_ request: ScanRequest, into sink: ScanSink<Event>) async throws {
        try await checkOpen()
        let machine = SharedScanState(
            ScanStateMachine(
                partitions: request.partitions.partitionIDs, resumeFrom: request.resumeFrom, maxRounds: request.maxRounds))
        let timeout = request.socketTimeout ?? config.socketTimeout
        if await partitionMap.namespaces[request.namespace] == nil {
            try await refresh()
            let served = await partitionMap.namespaces
            // An empty map means no node answered at all: the cluster is down, not the namespace gone.
            guard !served.isEmpty else {
                throw WireError(
                    .noNodes,
                    "the cluster is unreachable: no node answered (seeds \(config.seeds.map(\.description).joined(separator: ", "))); "
                        + "check that the nodes are up")
            }
            guard served[request.namespace] != nil else {
                throw WireError(.server(.invalidNamespace), "namespace '\(request.namespace)' is not served by any node")
            }
        }
        var backoff = Duration.milliseconds(50)
        while true {
            try Task.checkCancellation()
            let map = await partitionMap
            let racks = await nodeRacks(namespace: request.namespace)
            let preferred = config.preferredRacks
            let plan = machine.withLock {
                $0.planRound {
                    Self.scanNode(map: map, namespace: request.namespace, partition: $0, preferred: preferred, rackOf: { racks[$0] })
                }
            }
            let requests: [ScanStateMachine.NodeRequest]
            switch plan {
            case .finished: return
            case .gaveUp(let incomplete):
                throw WireError(
                    .incomplete,
                    "scan of '\(request.namespace)' gave up after \(request.maxRounds) rounds; \(incomplete.count) partitions incomplete (first: \(incomplete.prefix(8).map(String.init).joined(separator: ", "))). Check cluster health and retry (resume points are kept per partition)"
                )
            case .scan(let r): requests = r
            }
            var fatal: WireError?
            try await withThrowingTaskGroup(of: WireError?.self) { group in
                for nodeRequest in requests {
                    let node = await self.node(id: nodeRequest.node)
                    group.addTask {
                        guard let node else {
                            machine.withLock { $0.nodeFailed(nodeRequest.node) }
                            return nil
                        }
                        do {
                            try await self.scanNode(node, nodeRequest, request, nodeCount: requests.count, timeout: timeout, machine: machine, sink: sink)
                            return nil
                        } catch let e as WireError where e.isTransient || e.isSessionExpired {
                            machine.withLock { $0.nodeFailed(node.id) }
                            return nil
                        } catch let e as WireError {
                            machine.withLock { $0.nodeFailed(node.id) }
                            return e
                        }
                    }
                }
                for try await result in group where fatal == nil { fatal = result }
            }
            if let fatal { throw fatal }
            if !machine.withLock({ $0.incomplete.isEmpty }) {
                try await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(1))
                try? await refresh()
            }
        }
    }

    private nonisolated func scanNode<Event>(
        _ node: Node, _ nodeRequest: ScanStateMachine.NodeRequest, _ request: ScanRequest, nodeCount: Int,
        timeout: Duration, machine: SharedScanState, sink: ScanSink<Event>
    ) async throws {
        let message = request.message(
            for: nodeRequest, nodeCount: nodeCount, timeout: timeout, taskID: UInt64.random(in: 1...UInt64.max))
        let connection = try await node.pool.acquire()
        var healthy = false
        defer {
            if healthy { Task { await node.pool.release(connection) } } else { connection.close() }
        }
        try await connection.send(message.frame())
        while true {
            let frame = try await connection.receive(timeout: timeout)
            guard frame.type == .message else {
                throw WireError.malformed("scan reply from \(node) has proto type \(frame.type)")
            }
            let body = frame.body
            // Records are collected until the next marker (or the frame's end) and accepted under one lock.
            var pending: [AsMessageView] = []
            func flush() async throws {
                guard !pending.isEmpty else { return }
                let accepted = machine.withLock { Self.accept(pending, in: body, from: node.id, state: &$0) }
                pending.removeAll(keepingCapacity: true)
                if !accepted.isEmpty {
                    try await sink.deliver(ScanRecordBatch(body: body, records: accepted, namespace: request.namespace), sink.source)
                }
            }
            var offset = 0
            while offset < body.count {
                let m = try AsMessageView.parse(body, at: &offset)
                if m.isLast {
                    try await flush()
                    guard m.resultCode == .ok else {
                        if m.resultCode == .notAuthenticated || m.resultCode == .expiredSession {
                            await node.pool.invalidateSession()
                        }
                        throw WireError.server(m.resultCode, "scan on \(node)")
                    }
                    let done = machine.withLock { $0.nodeCompleted(node.id) }
                    healthy = true
                    for p in done { try await sink.source.send(sink.partitionDone(p)) }
                    return
                }
                if let pid = m.partitionID {
                    try await flush()
                    if let done = machine.withLock({ $0.partitionMarker(pid, resultCode: m.resultCode, from: node.id) }) {
                        try await sink.source.send(sink.partitionDone(done))
                    }
                    continue
                }
                guard m.resultCode == .ok else {
                    if m.resultCode == .keyNotFound { continue }
                    throw WireError.server(m.resultCode, "scan record on \(node)")
                }
                guard let digest = m.digestRange, digest.count == Digest.size else {
                    throw WireError.malformed("scan record without a 20-byte digest")
                }
                pending.append(m)
            }
            try await flush()
        }
    }

    /// The records of `pending` the state machine accepts; each partition's last accepted digest becomes
    /// its resume point (one copy per partition and batch, not per record).
    private static func accept(
        _ pending: [AsMessageView], in body: [UInt8], from node: String, state: inout ScanStateMachine
    ) -> [AsMessageView] {
        var accepted: [AsMessageView] = []
        accepted.reserveCapacity(pending.count)
        var lastByPartition: [(partition: Int, digest: Range<Int>)] = []
        for m in pending {
            guard let digest = m.digestRange else { continue }
            let p = Digest.partitionID(body, at: digest.lowerBound)
            guard state.acceptRecord(partition: p, from: node) else { continue }
            accepted.append(m)
            if let i = lastByPartition.firstIndex(where: { $0.partition == p }) {
                lastByPartition[i].digest = digest
            } else {
                lastByPartition.append((p, digest))
            }
        }
        for (p, digest) in lastByPartition { state.setResumeDigest(Array(body[digest]), for: p) }
        return accepted
    }
}

/// Where a scan's events go: the consumer's source plus how records and markers become events.
struct ScanSink<Event: Sendable>: Sendable {
    let source: ScanEventSource<Event>
    let partitionDone: @Sendable (Int) -> Event
    let deliver: @Sendable (ScanRecordBatch, ScanEventSource<Event>) async throws -> Void
}

/// ``ScanStateMachine`` behind a `Mutex`, shared by the per-node tasks of one round.
final class SharedScanState: Sendable {
    private let state: Mutex<ScanStateMachine>

    init(_ state: ScanStateMachine) { self.state = Mutex(state) }

    func withLock<T: Sendable>(_ body: (inout ScanStateMachine) -> T) -> T { state.withLock { body(&$0) } }
}
