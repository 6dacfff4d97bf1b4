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
    public var resultCode: ResultCode? { BatchRowResult(outcome: outcome).resultCode }
}

/// The outcome of one ``BatchWriteRow``, in the order of the input (``BatchWriteResult`` without the key).
public struct BatchRowResult: Sendable {
    /// Success with generation / void time, or the row's error (server result code preserved).
    public var outcome: Result<WriteResult, WireError>
    /// See ``BatchWriteResult/inDoubt``.
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
        var rows: [BatchWriteRow] = []
        var positions: [Int] = []
        var outcomes = [Result<WriteResult, WireError>?](repeating: nil, count: writes.count)
        var inDoubt = [Bool](repeating: false, count: writes.count)
        for (i, w) in writes.enumerated() {
            do {
                rows.append(try BatchWriteRow(w))
                positions.append(i)
            } catch let e as WireError {
                outcomes[i] = .failure(e)
            }
        }
        for (position, result) in zip(positions, try await batchWrite(rows: rows, policy: policy)) {
            outcomes[position] = result.outcome
            inDoubt[position] = result.inDoubt
        }
        return writes.indices.map { i in
            BatchWriteResult(
                key: writes[i].key, outcome: outcomes[i] ?? .failure(WireError(.timeout, "row not answered")),
                inDoubt: inDoubt[i])
        }
    }

    /// Writes rows encoded up front (``BatchWriteRow``): like ``batchWrite(_:policy:)``, without
    /// re-encoding anything per attempt. Returns one result per row, in order. The rounds follow
    /// ``BatchWriteStateMachine``.
    public nonisolated func batchWrite(rows: [BatchWriteRow], policy: BatchPolicy = BatchPolicy()) async throws -> [BatchRowResult] {
        try await checkOpen()
        var machine = BatchWriteStateMachine(rowCount: rows.count, maxRetries: policy.retry.maxRetries)
        while true {
            try Task.checkCancellation()
            let map = await partitionMap
            let requests = machine.planRound(
                master: { map.master(namespace: rows[$0].namespace, partition: rows[$0].partitionID) },
                noMaster: { WireError(.noNodes, "no node masters partition \(rows[$0].partitionID) of '\(rows[$0].namespace)'") })
            let results = await withTaskGroup(of: NodeBatchResult.self) { group in
                for request in requests {
                    let node = await self.node(id: request.node)
                    group.addTask {
                        guard let node else {
                            let e = WireError(.noNodes, "node \(request.node) left the cluster")
                            return NodeBatchResult(rows: request.rows.map { ($0, .failure(e)) })
                        }
                        return await self.runBatch(on: node, indices: request.rows, rows: rows, policy: policy)
                    }
                }
                return await group.reduce(into: [NodeBatchResult]()) { $0.append($1) }
            }
            for result in results {
                for i in result.inDoubt { machine.rowInDoubt(i) }
                for (i, outcome) in result.rows { machine.rowAnswered(i, outcome) }
            }
            switch machine.endRound() {
            case .finished: return machine.results
            case .retry(let attempt):
                try await Task.sleep(for: policy.retry.backoff(attempt: attempt))
                try? await refresh()
            }
        }
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

    /// Sends `indices` to `node` in chunks; every row gets a result (transient failures for unanswered rows).
    private nonisolated func runBatch(
        on node: Node, indices: [Int], rows: [BatchWriteRow], policy: BatchPolicy
    ) async -> NodeBatchResult {
        var result = NodeBatchResult()
        var out: [(Int, Result<WriteResult, WireError>)] = []
        for start in stride(from: 0, to: indices.count, by: policy.maxRowsPerRequest) {
            let chunk = indices[start..<min(indices.count, start + policy.maxRowsPerRequest)]
            do {
                if let limiter = rateLimiter { try await limiter.acquire(chunk.count) }
                try await sendBatch(chunk, to: node, rows: rows, policy: policy, into: &out)
            } catch {
                let sent = error as? SentBatchFailure
                let cause = sent?.error ?? error
                let e = (cause as? WireError) ?? WireError(.connection, "batch to \(node) failed", cause: cause)
                // A failed request's answers are dropped with it: every row of the chunk fails (and,
                // once the request was sent, is in doubt).
                for i in chunk {
                    out.append((i, .failure(e)))
                    if sent != nil { result.inDoubt.append(i) }
                }
            }
        }
        result.rows = out
        return result
    }

    /// Sends one request and appends the answers of its rows to `out` (a row per answer, in arrival order).
    private nonisolated func sendBatch(
        _ chunk: ArraySlice<Int>, to node: Node, rows: [BatchWriteRow], policy: BatchPolicy,
        into out: inout [(Int, Result<WriteResult, WireError>)]
    ) async throws {
        let body = BatchWriteRow.requestBody(rows, indices: chunk, timeoutMillis: policy.timeout.milliseconds)
        let answers = try await node.pool.withConnection { connection in
            try await connection.send(WireFrame(type: .message, body: body))
            var answers: [(Int, Result<WriteResult, WireError>)] = []
            answers.reserveCapacity(chunk.count)
            do {
                try await receiveRows(chunk, from: connection, node: node, rows: rows, policy: policy, into: &answers)
            } catch {
                throw SentBatchFailure(error: error)
            }
            return answers
        }
        out += answers
    }

    /// Reads the reply rows of a sent batch request up to its INFO3_LAST message. Each reply is read
    /// in place (``AsMessageView``): only result code, generation, void time and row index are used.
    private nonisolated func receiveRows(
        _ chunk: ArraySlice<Int>, from connection: Connection, node: Node, rows: [BatchWriteRow], policy: BatchPolicy,
        into out: inout [(Int, Result<WriteResult, WireError>)]
    ) async throws {
        // 1 = sent in this request and not answered yet.
        var waiting = [Bool](repeating: false, count: rows.count)
        for i in chunk { waiting[i] = true }
        while true {
            let frame = try await connection.receive(timeout: policy.timeout)
            guard frame.type == .message else {
                throw WireError.malformed("batch reply from \(node) has proto type \(frame.type)")
            }
            let body = frame.body
            var offset = 0
            while offset < body.count {
                let m = try AsMessageView.parse(body, at: &offset)
                if m.isLast {
                    if m.resultCode != .ok {
                        let e = WireError.server(m.resultCode, "batch on \(node)")
                        if e.isSessionExpired { await node.pool.invalidateSession() }
                        for i in chunk where waiting[i] { out.append((i, .failure(e))) }
                    }
                    return
                }
                let i = Int(m.transactionTTL)
                guard i < waiting.count, waiting[i] else {
                    throw WireError.malformed("batch reply row \(i) was not requested or was answered twice")
                }
                waiting[i] = false
                if m.resultCode == .ok {
                    out.append((i, .success(WriteResult(generation: m.generation, voidTime: m.recordTTL))))
                } else {
                    let row = rows[i]
                    out.append((i, .failure(WireError.server(m.resultCode, "batch write \(row.namespace)/\(Digest.hex(row.digest))"))))
                }
            }
        }
    }
}
