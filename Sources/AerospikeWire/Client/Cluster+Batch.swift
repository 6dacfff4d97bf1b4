/// One write in a batch.
public struct BatchWrite: Sendable {
    public enum Action: Sendable {
        case put([Bin])
        case delete
    }

    public var key: Key
    public var action: Action
    public var policy: WritePolicy

    public init(key: Key, action: Action, policy: WritePolicy = WritePolicy()) {
        self.key = key
        self.action = action
        self.policy = policy
    }

    /// Row attributes (fact sheet §8: write rows flags 0x0e, info2 WRITE|RESPOND_ALL_OPS + policy bits).
    var rowAttributes: BatchRow.Attributes {
        let (info2, info3, gen) = policy.bits
        var fields = key.fields(sendKey: policy.sendKey)
        fields.removeAll { $0.type == .digest }
        if let f = policy.filter { fields.append(f.field) }
        switch action {
        case .put(let bins):
            return BatchRow.Attributes(
                info1: 0, info2: info2 | Info2.respondAllOps, info3: info3, generation: UInt16(truncatingIfNeeded: gen),
                ttl: policy.ttl.wireValue, fields: fields, operations: bins.map { Operation.write($0.name, $0.value) })
        case .delete:
            let keep = info2 & (Info2.generation | Info2.generationGT | Info2.durableDelete)
            return BatchRow.Attributes(
                info1: 0, info2: keep | Info2.write | Info2.delete | Info2.respondAllOps, info3: 0,
                generation: UInt16(truncatingIfNeeded: gen), ttl: 0, fields: fields.filter { $0.type != .key })
        }
    }
}

/// Batch behaviour.
public struct BatchPolicy: Sendable {
    /// Per-request socket timeout (also sent as transaction_ttl).
    public var timeout: Duration
    /// Rounds for rows that fail with retryable codes or whose node fails.
    public var retry: RetryPolicy
    /// Rows per request to one node.
    public var maxRowsPerRequest: Int

    public init(timeout: Duration = .seconds(10), retry: RetryPolicy = RetryPolicy(), maxRowsPerRequest: Int = 5000) {
        self.timeout = timeout
        self.retry = retry
        self.maxRowsPerRequest = max(1, maxRowsPerRequest)
    }
}

/// The outcome of one batch row, in the order of the input.
public struct BatchWriteResult: Sendable {
    public var key: Key
    /// Success with generation / void time, or the row's error (server result code preserved).
    public var outcome: Result<WriteResult, WireError>
    /// True when an earlier attempt of this row was sent and its connection failed before the row was
    /// answered: that attempt may have been applied. A retried row then answering GENERATION_ERROR (3)
    /// or KEY_EXISTS (5) may be refusing this very write's first attempt.
    public var inDoubt: Bool = false

    /// The server result code (nil for client-side failures such as a dead node after all retries).
    public var resultCode: ResultCode? {
        switch outcome {
        case .success: return .ok
        case .failure(let e): return e.code.resultCode
        }
    }
}

extension Cluster {
    /// Writes many records with the batch-index protocol: rows grouped by master node, one request per node
    /// (split at `maxRowsPerRequest`), nodes in parallel.
    ///
    /// Rows answered with 11, 7, 9, 14 or 18, and rows of a node whose socket fails, are retried on the
    /// refreshed map's master with backoff, up to `policy.retry.maxRetries` rounds. Other row codes are
    /// final and reported per row; the call itself throws only on cancellation or a closed cluster.
    public nonisolated func batchWrite(_ writes: [BatchWrite], policy: BatchPolicy = BatchPolicy()) async throws -> [BatchWriteResult] {
        try await checkOpen()
        var outcomes = [Result<WriteResult, WireError>?](repeating: nil, count: writes.count)
        for (i, w) in writes.enumerated() {
            do {
                try w.key.validate()
                if case .put(let bins) = w.action { try Self.validate(bins) }
            } catch let e as WireError {
                outcomes[i] = .failure(e)
            }
        }
        var pending = writes.indices.filter { outcomes[$0] == nil }
        var lastFailure: [Int: WireError] = [:]
        var inDoubt = Set<Int>()
        var round = 0
        while !pending.isEmpty {
            try Task.checkCancellation()
            let (byNode, unmapped) = await groupByMaster(pending, writes: writes)
            for i in unmapped {
                let key = writes[i].key
                lastFailure[i] = WireError(.noNodes, "no node masters partition \(key.partitionID) of '\(key.namespace)'")
            }
            var retry: [Int] = pending.filter { lastFailure[$0]?.code == .noNodes && outcomes[$0] == nil }
            let results = await withTaskGroup(of: NodeBatchResult.self) { group in
                for (node, rows) in byNode.values {
                    group.addTask { await self.runBatch(on: node, rows: rows, writes: writes, policy: policy) }
                }
                var all: [(Int, Result<WriteResult, WireError>)] = []
                for await r in group {
                    all += r.rows
                    inDoubt.formUnion(r.inDoubt)
                }
                return all
            }
            for (i, r) in results {
                switch r {
                case .success: outcomes[i] = r
                case .failure(let e):
                    if e.isTransient || e.isSessionExpired {
                        lastFailure[i] = e
                        retry.append(i)
                    } else {
                        outcomes[i] = r
                    }
                }
            }
            round += 1
            pending = retry
            if pending.isEmpty { break }
            guard round <= policy.retry.maxRetries else { break }
            try await Task.sleep(for: policy.retry.backoff(attempt: round))
            try? await refresh()
        }
        for i in pending where outcomes[i] == nil {
            var e = lastFailure[i] ?? WireError(.timeout, "row not answered")
            e.message += " (gave up after \(round) rounds)"
            outcomes[i] = .failure(e)
        }
        return writes.indices.map { i in
            BatchWriteResult(
                key: writes[i].key, outcome: outcomes[i] ?? .failure(WireError(.timeout, "row not answered")),
                inDoubt: inDoubt.contains(i))
        }
    }

    /// Groups rows by their partition's master node with one look at the partition map (one actor
    /// hop per round, not one per row); rows whose partition has no master come back separately.
    private func groupByMaster(_ rows: [Int], writes: [BatchWrite]) -> (byNode: [String: (Node, [Int])], unmapped: [Int]) {
        var byNode: [String: (Node, [Int])] = [:]
        var unmapped: [Int] = []
        for i in rows {
            let key = writes[i].key
            if let node = master(namespace: key.namespace, partition: key.partitionID) {
                byNode[node.id, default: (node, [])].1.append(i)
            } else {
                unmapped.append(i)
            }
        }
        return (byNode, unmapped)
    }

    /// Rows answered by one node, and the rows left unanswered after their request was sent.
    private struct NodeBatchResult: Sendable {
        var rows: [(Int, Result<WriteResult, WireError>)] = []
        var inDoubt: [Int] = []
    }

    /// A failure after the request left the client: unanswered rows may have been applied.
    private struct SentBatchFailure: Error {
        var error: any Error
    }

    /// Sends `rows` to `node` in chunks; every row gets a result (transient failures for unanswered rows).
    private nonisolated func runBatch(
        on node: Node, rows: [Int], writes: [BatchWrite], policy: BatchPolicy
    ) async -> NodeBatchResult {
        var result = NodeBatchResult()
        var out: [(Int, Result<WriteResult, WireError>)] = []
        for start in stride(from: 0, to: rows.count, by: policy.maxRowsPerRequest) {
            let chunk = Array(rows[start..<min(rows.count, start + policy.maxRowsPerRequest)])
            do {
                if let limiter = rateLimiter { try await limiter.acquire(chunk.count) }
                out += try await sendBatch(chunk, to: node, writes: writes, policy: policy)
            } catch {
                let sent = error as? SentBatchFailure
                let cause = sent?.error ?? error
                let e = (cause as? WireError) ?? WireError(.connection, "batch to \(node) failed", cause: cause)
                let answered = Set(out.map(\.0))
                for i in chunk where !answered.contains(i) {
                    out.append((i, .failure(e)))
                    if sent != nil { result.inDoubt.append(i) }
                }
            }
        }
        result.rows = out
        return result
    }

    private nonisolated func sendBatch(
        _ chunk: [Int], to node: Node, writes: [BatchWrite], policy: BatchPolicy
    ) async throws -> [(Int, Result<WriteResult, WireError>)] {
        let request = BatchRequest(entries: chunk.map { (UInt32($0), writes[$0].key.digest, writes[$0].rowAttributes) })
        let message = request.message(timeoutMillis: policy.timeout.milliseconds)
        return try await node.pool.withConnection { connection in
            try await connection.send(message.frame())
            do {
                return try await receiveRows(chunk, from: connection, node: node, writes: writes, policy: policy)
            } catch {
                throw SentBatchFailure(error: error)
            }
        }
    }

    /// Reads the reply rows of a sent batch request up to its INFO3_LAST message.
    private nonisolated func receiveRows(
        _ chunk: [Int], from connection: Connection, node: Node, writes: [BatchWrite], policy: BatchPolicy
    ) async throws -> [(Int, Result<WriteResult, WireError>)] {
        let wanted = Set(chunk)
        var out: [(Int, Result<WriteResult, WireError>)] = []
        while true {
            let frame = try await connection.receive(timeout: policy.timeout)
            guard frame.type == .message else {
                throw WireError.malformed("batch reply from \(node) has proto type \(frame.type)")
            }
            for m in try AsMessage.decodeAll(frame.body) {
                if m.isLast {
                    if m.resultCode != .ok {
                        let e = WireError.server(m.resultCode, "batch on \(node)")
                        if e.isSessionExpired { await node.pool.invalidateSession() }
                        let answered = Set(out.map(\.0))
                        for i in chunk where !answered.contains(i) { out.append((i, .failure(e))) }
                    }
                    return out
                }
                let i = Int(m.transactionTTL)
                guard wanted.contains(i) else { throw WireError.malformed("batch reply row \(i) was not requested") }
                if m.resultCode == .ok {
                    out.append((i, .success(WriteResult(generation: m.generation, voidTime: m.recordTTL))))
                } else {
                    out.append((i, .failure(WireError.server(m.resultCode, "batch write \(writes[i].key)"))))
                }
            }
        }
    }
}
