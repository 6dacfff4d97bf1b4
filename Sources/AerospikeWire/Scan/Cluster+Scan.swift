import Foundation

/// Partition scans (fact sheet §6) driven by ``ScanStateMachine``.
extension Cluster {
    /// Scans partitions, grouped by master node (one request per node per round), delivering every record
    /// exactly once and `.partitionDone(p)` when partition `p` is complete.
    ///
    /// Partitions that get an error marker (e.g. 11) or whose node fails mid-stream are retried on the new
    /// master after a partition-map refresh, resuming after their last delivered digest, for at most
    /// `request.maxRounds` rounds; then the stream throws ``WireError/Code/incomplete`` naming them.
    /// Reading pauses while `request.bufferSize` events wait for the consumer.
    public nonisolated func scan(_ request: ScanRequest) -> ScanStream {
        let buffer = BoundedEventBuffer<ScanEvent>(capacity: request.bufferSize)
        let task = Task {
            do {
                try await self.runScan(request, into: buffer)
                buffer.finish()
            } catch {
                buffer.finish(error)
            }
        }
        return ScanStream(buffer: buffer, task: task)
    }

    private nonisolated func runScan(_ request: ScanRequest, into buffer: BoundedEventBuffer<ScanEvent>) async throws {
        try await checkOpen()
        let machine = LockedScanState(
            ScanStateMachine(
                partitions: request.partitions.partitionIDs, resumeFrom: request.resumeFrom, maxRounds: request.maxRounds))
        let timeout = request.socketTimeout ?? config.socketTimeout
        if await partitionMap.namespaces[request.namespace] == nil {
            try await refresh()
            guard await partitionMap.namespaces[request.namespace] != nil else {
                throw WireError(.server(.invalidNamespace), "namespace '\(request.namespace)' is not served by any node")
            }
        }
        var backoff = Duration.milliseconds(50)
        while true {
            try Task.checkCancellation()
            let map = await partitionMap
            let plan = machine.withLock { $0.planRound { map.master(namespace: request.namespace, partition: $0) } }
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
                            try await self.scanNode(node, nodeRequest, request, nodeCount: requests.count, timeout: timeout, machine: machine, buffer: buffer)
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

    private nonisolated func scanNode(
        _ node: Node, _ nodeRequest: ScanStateMachine.NodeRequest, _ request: ScanRequest, nodeCount: Int,
        timeout: Duration, machine: LockedScanState, buffer: BoundedEventBuffer<ScanEvent>
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
            for m in try AsMessage.decodeAll(frame.body) {
                if m.isLast {
                    guard m.resultCode == .ok else {
                        if m.resultCode == .notAuthenticated || m.resultCode == .expiredSession {
                            await node.pool.invalidateSession()
                        }
                        throw WireError.server(m.resultCode, "scan on \(node)")
                    }
                    let done = machine.withLock { $0.nodeCompleted(node.id) }
                    healthy = true
                    for p in done { try await buffer.send(.partitionDone(p)) }
                    return
                }
                if let pid = m.partitionID {
                    if let done = machine.withLock({ $0.partitionMarker(pid, resultCode: m.resultCode, from: node.id) }) {
                        try await buffer.send(.partitionDone(done))
                    }
                    continue
                }
                guard m.resultCode == .ok else {
                    if m.resultCode == .keyNotFound { continue }
                    throw WireError.server(m.resultCode, "scan record on \(node)")
                }
                let record = try ScannedRecord(message: m, namespace: request.namespace)
                if machine.withLock({ $0.recordReceived(digest: record.digest, from: node.id) }) {
                    try await buffer.send(.record(record))
                }
            }
        }
    }
}

/// ``ScanStateMachine`` behind a lock, shared by the per-node tasks of one round.
final class LockedScanState: @unchecked Sendable {
    // @unchecked: `state` is only accessed under `lock`.
    private let lock = NSLock()
    private var state: ScanStateMachine

    init(_ state: ScanStateMachine) { self.state = state }

    func withLock<T>(_ body: (inout ScanStateMachine) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }
}
