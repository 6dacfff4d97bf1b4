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
    /// True when the failure may go away if the row is sent again (timeout, socket failure, no node
    /// for the partition, or result codes 7, 9, 11, 14, 18): restore retries it with backoff
    /// (SPEC.md §14 "restore", "Retries and overload"). False for success and for final codes.
    public var isTransient: Bool

    public init(resultCode: UInt8?, message: String = "", inDoubt: Bool = false, isTransient: Bool = false) {
        self.resultCode = resultCode
        self.message = message
        self.inDoubt = inDoubt
        self.isTransient = isTransient
    }

    /// The cluster said it is overloaded: KEY_BUSY (14) or DEVICE_OVERLOAD (18).
    public var isOverload: Bool { resultCode == 14 || resultCode == 18 }
}

/// Where restore writes records: a narrow interface, so ``Cluster`` conforms and tests fake it.
public protocol RestoreTarget: Sendable {
    /// Writes the rows once; returns one result per row, in order, transient failures marked
    /// ``WriteRowResult/isTransient`` (restore retries them). Throws only when the whole call fails
    /// (cancellation, closed cluster).
    func writeRows(_ rows: [BatchWriteRow]) async throws -> [WriteRowResult]
    /// Called before rows that failed for a reason other than overload are sent again (a node may
    /// have left): refresh whatever routes rows to nodes.
    func refreshRoutes() async
    /// Runs info commands on one node and returns command → answer. Used for `sindex-create` and
    /// `udf-put`, which the cluster distributes to every node itself.
    func runInfo(_ commands: [String]) async throws -> [String: String]
    /// Whether the cluster has `namespace`.
    func hasNamespace(_ namespace: String) async throws -> Bool
    /// Runs one info command on every node and returns the answers (`--wait`: an index is built when
    /// every node has built its part).
    func runInfoOnEveryNode(_ command: String) async throws -> [String]
    /// Which node masters `partition` of `namespace` right now (nil when unknown). Restore batches
    /// rows of one node together, so each batch write is one full request instead of one small
    /// request per node; a stale answer only costs request size, never correctness.
    func writeRoute(namespace: String, partition: Int) async -> String?
    /// Every record `namespace` holds in `partition`, as digest and set (`--delete-extra`).
    func liveRecords(namespace: String, partition: Int) async throws -> [(digest: [UInt8], set: String?)]
    /// Deletes one record; false when it was already gone (`--delete-extra`).
    func deleteRecord(namespace: String, digest: [UInt8]) async throws -> Bool
}

extension RestoreTarget {
    /// A target without nodes of its own: the one node ``runInfo(_:)`` reaches.
    public func runInfoOnEveryNode(_ command: String) async throws -> [String] {
        [try await runInfo([command])[command] ?? ""]
    }

    /// No routing: batches take rows in queue order.
    public func writeRoute(namespace: String, partition: Int) async -> String? { nil }

    /// Nothing to refresh.
    public func refreshRoutes() async {}

    /// A target that cannot list records: `--delete-extra` fails on it.
    public func liveRecords(namespace: String, partition: Int) async throws -> [(digest: [UInt8], set: String?)] {
        throw AeroVaultError(.invalidArgument, "this restore target cannot list records for --delete-extra")
    }

    /// A target that cannot delete: `--delete-extra` fails on it.
    public func deleteRecord(namespace: String, digest: [UInt8]) async throws -> Bool {
        throw AeroVaultError(.invalidArgument, "this restore target cannot delete records for --delete-extra")
    }
}

extension Cluster: RestoreTarget {
    /// Batch policy used by restore: one round per call. Restore decides about retries itself
    /// (``WriteRetryStateMachine``: backoff with jitter, fewer writes in flight under overload, a
    /// time bound), so a node failure or an overloaded cluster loses nothing.
    static let restoreBatchPolicy = BatchPolicy(timeout: .seconds(10), retry: RetryPolicy(maxRetries: 0))

    public nonisolated func writeRows(_ rows: [BatchWriteRow]) async throws -> [WriteRowResult] {
        let results = try await batchWrite(rows: rows, policy: Self.restoreBatchPolicy)
        return results.map { result in
            switch result.outcome {
            case .success: return WriteRowResult(resultCode: 0, inDoubt: result.inDoubt)
            case .failure(let error):
                return WriteRowResult(
                    resultCode: result.resultCode?.rawValue, message: "\(error)", inDoubt: result.inDoubt,
                    // What ``Cluster/batchWrite(rows:policy:)`` itself retries between rounds.
                    isTransient: error.isTransient || error.isSessionExpired || error.code == .noNodes)
            }
        }
    }

    public nonisolated func writeRoute(namespace: String, partition: Int) async -> String? {
        await master(namespace: namespace, partition: partition)?.id
    }

    public nonisolated func refreshRoutes() async {
        try? await refresh()
    }

    public nonisolated func hasNamespace(_ namespace: String) async throws -> Bool {
        try await namespaces().contains(namespace)
    }

    public nonisolated func runInfo(_ commands: [String]) async throws -> [String: String] {
        try await info(commands)
    }

    public nonisolated func runInfoOnEveryNode(_ command: String) async throws -> [String] {
        var answers: [String] = []
        for node in await currentNodes { answers.append(try await info([command], node: node)[command] ?? "") }
        return answers
    }
}
