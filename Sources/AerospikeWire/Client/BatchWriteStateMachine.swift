/// The retry rounds of a batch write (``Cluster/batchWrite(rows:policy:)``, SPEC.md §12.4) as a pure
/// state machine: no I/O, so every routing, retry and give-up decision is unit-tested.
///
/// Life of a row: `pending` → (planned on its partition's master) in flight → answered. A success or a
/// final error (any code that is not transient) ends it; a transient error (11, 7, 9, 14, 18, timeout,
/// dead socket), an expired session, a partition without a master or no answer at all sends it back
/// to pending for the next round, after the driver's backoff and map refresh. After `maxRetries`
/// retry rounds the pending rows end with their last error.
struct BatchWriteStateMachine: Sendable {
    /// One node's rows of a round (indices into the caller's rows, ascending).
    struct NodeRows: Equatable, Sendable {
        var node: String
        var rows: [Int]
    }

    /// What the driver does after a round.
    enum RoundEnd: Equatable, Sendable {
        /// Sleep `RetryPolicy.backoff(attempt:)`, refresh the map, plan again.
        case retry(attempt: Int)
        /// Every row has its result (``results``).
        case finished
    }

    private var outcomes: [Result<WriteResult, WireError>?]
    private var inDoubt: [Bool]
    private var lastFailure: [Int: WireError] = [:]
    /// Rows of the next round (during a round: the rows it will retry).
    private var pending: [Int]
    private var inFlight: Set<Int> = []
    /// Rounds ended so far.
    private(set) var round = 0
    /// Rounds after the first before the pending rows give up.
    let maxRetries: Int

    init(rowCount: Int, maxRetries: Int) {
        outcomes = Array(repeating: nil, count: rowCount)
        inDoubt = Array(repeating: false, count: rowCount)
        pending = Array(0..<rowCount)
        self.maxRetries = max(0, maxRetries)
    }

    /// Plans a round: each pending row goes to its current master (`master(row)`). A row without one
    /// fails for this round with `noMaster(row)` and is retried in the next.
    mutating func planRound(master: (Int) -> String?, noMaster: (Int) -> WireError) -> [NodeRows] {
        var byNode: [String: [Int]] = [:]
        var nodeOrder: [String] = []
        let planned = pending
        pending = []
        for row in planned {
            guard let node = master(row) else {
                lastFailure[row] = noMaster(row)
                pending.append(row)
                continue
            }
            inFlight.insert(row)
            if byNode[node] == nil { nodeOrder.append(node) }
            byNode[node, default: []].append(row)
        }
        return nodeOrder.map { NodeRows(node: $0, rows: byNode[$0]!) }
    }

    /// A row of the current round was answered (or its request failed). Returns false, changing nothing,
    /// for a row not in flight (already answered this round).
    @discardableResult
    mutating func rowAnswered(_ row: Int, _ outcome: Result<WriteResult, WireError>) -> Bool {
        guard inFlight.remove(row) != nil else { return false }
        switch outcome {
        case .failure(let e) where e.isTransient || e.isSessionExpired:
            lastFailure[row] = e
            pending.append(row)
        default:
            outcomes[row] = outcome
        }
        return true
    }

    /// The row was sent on a connection that failed before answering: that attempt may have been applied.
    mutating func rowInDoubt(_ row: Int) { inDoubt[row] = true }

    /// Ends the round. Rows still in flight were never answered and are retried; once `maxRetries` retry
    /// rounds are spent, the pending rows end with their last error.
    mutating func endRound() -> RoundEnd {
        for row in inFlight {
            lastFailure[row] = WireError(.timeout, "row not answered")
            pending.append(row)
        }
        inFlight = []
        pending.sort()
        round += 1
        if pending.isEmpty { return .finished }
        guard round > maxRetries else { return .retry(attempt: round) }
        for row in pending {
            var e = lastFailure[row] ?? WireError(.timeout, "row not answered")
            // With no retries allowed the caller retries (restore): the error is the row's answer.
            if maxRetries > 0 { e.message += " (gave up after \(round) rounds)" }
            outcomes[row] = .failure(e)
        }
        pending = []
        return .finished
    }

    /// One result per row, in row order (rows without a result yet read "row not answered").
    var results: [BatchRowResult] {
        outcomes.indices.map { i in
            BatchRowResult(outcome: outcomes[i] ?? .failure(WireError(.timeout, "row not answered")), inDoubt: inDoubt[i])
        }
    }
}
