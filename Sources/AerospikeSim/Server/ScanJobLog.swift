import Synchronization

/// One scan job a node started (SPEC.md §13.6): what a test counts to see how many scan requests a
/// client sent and which partitions each covered.
public struct SimScanJob: Equatable, Sendable {
    /// The node index that ran the job.
    public var node: Int
    /// Partitions requested from their start (PID_ARRAY), ascending.
    public var partitions: [Int]
    /// Partitions requested after a digest (DIGEST_ARRAY), ascending.
    public var resumed: [Int]
}

/// Every scan job started since the cluster was created.
/// Thread-safe: guarded by a `Mutex`.
final class ScanJobLog: Sendable {
    private let jobs = Mutex<[SimScanJob]>([])

    func record(_ request: ScanRequest, node: Int) {
        let job = SimScanJob(
            node: node, partitions: request.entries.filter { $0.resumeAfter == nil }.map(\.partition),
            resumed: request.entries.filter { $0.resumeAfter != nil }.map(\.partition))
        jobs.withLock { $0.append(job) }
    }

    var all: [SimScanJob] { jobs.withLock { $0 } }
}
