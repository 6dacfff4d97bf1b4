import AerospikeWire

/// The final answer to one row of a batch write.
public struct WriteRowResult: Sendable, Equatable {
    /// The server result code, or nil for a client-side failure (node gone after all retries …).
    public var resultCode: UInt8?
    /// Human-readable reason for a failure ("" on success).
    public var message: String
    /// True when an earlier attempt of this row was sent but never answered (its node died): that
    /// attempt may have been applied, so a later GENERATION_ERROR / KEY_EXISTS may be refusing it.
    public var inDoubt: Bool

    public init(resultCode: UInt8?, message: String = "", inDoubt: Bool = false) {
        self.resultCode = resultCode
        self.message = message
        self.inDoubt = inDoubt
    }
}

/// Where restore writes records: a narrow interface, so ``Cluster`` conforms and tests fake it.
public protocol RestoreTarget: Sendable {
    /// Writes the rows; returns one result per row, in order. Transient row failures are retried
    /// inside; throws only when the whole call fails (cancellation, closed cluster).
    func writeRows(_ rows: [BatchWriteRow]) async throws -> [WriteRowResult]
    /// Runs info commands on one node and returns command → answer. Used for `sindex-create` and
    /// `udf-put`, which the cluster distributes to every node itself.
    func runInfo(_ commands: [String]) async throws -> [String: String]
    /// Whether the cluster has `namespace`.
    func hasNamespace(_ namespace: String) async throws -> Bool
    /// Which node masters `partition` of `namespace` right now (nil when unknown). Restore batches
    /// rows of one node together, so each batch write is one full request instead of one small
    /// request per node; a stale answer only costs request size, never correctness.
    func writeRoute(namespace: String, partition: Int) async -> String?
}

extension RestoreTarget {
    /// No routing: batches take rows in queue order.
    public func writeRoute(namespace: String, partition: Int) async -> String? { nil }
}

extension Cluster: RestoreTarget {
    /// Batch policy used by restore: generous retries so a node failure during a restore loses nothing.
    static let restoreBatchPolicy = BatchPolicy(
        timeout: .seconds(10),
        retry: RetryPolicy(maxRetries: 10, initialBackoff: .milliseconds(50), maxBackoff: .seconds(2)))

    public nonisolated func writeRows(_ rows: [BatchWriteRow]) async throws -> [WriteRowResult] {
        let results = try await batchWrite(rows: rows, policy: Self.restoreBatchPolicy)
        return results.map { result in
            switch result.outcome {
            case .success: return WriteRowResult(resultCode: 0, inDoubt: result.inDoubt)
            case .failure(let error):
                return WriteRowResult(resultCode: result.resultCode?.rawValue, message: "\(error)", inDoubt: result.inDoubt)
            }
        }
    }

    public nonisolated func writeRoute(namespace: String, partition: Int) async -> String? {
        await master(namespace: namespace, partition: partition)?.id
    }

    public nonisolated func hasNamespace(_ namespace: String) async throws -> Bool {
        try await namespaces().contains(namespace)
    }

    public nonisolated func runInfo(_ commands: [String]) async throws -> [String: String] {
        try await info(commands)
    }
}
