/// Where a restore's time went (SPEC.md §14 "restore", "Pipeline"): the instrumentation that tells
/// whether the readers (loading, decrypting, merging chunks) or the writers (waiting on the cluster)
/// set the pace. Times are summed over all readers or all writers, in seconds.
public struct RestorePipelineStatistics: Sendable, Equatable, Codable {
    /// Reader time spent loading, decrypting, decoding, merging and planning records.
    public var readSeconds: Double = 0
    /// Reader time spent waiting for room in the queue: the writers were behind.
    public var queueFullSeconds: Double = 0
    /// Writer time spent in batch write calls (waiting for the cluster's answers).
    public var writeSeconds: Double = 0
    /// Writer time spent waiting for rows: the readers were behind.
    public var queueEmptySeconds: Double = 0
    /// Batch write calls made, and the rows they carried.
    public var batches: Int = 0
    public var rows: Int = 0
    /// Most batch writes in flight at the same moment.
    public var maxBatchesInFlight: Int = 0

    public init() {}

    /// Average rows per batch write call.
    public var rowsPerBatch: Double { batches > 0 ? Double(rows) / Double(batches) : 0 }

    /// Time-weighted average of batch writes in flight over a run of `seconds` (a batch holds rows
    /// of one node, so each is normally one request).
    public func batchesInFlight(over seconds: Double) -> Double { seconds > 0 ? writeSeconds / seconds : 0 }

    /// Time-weighted average of readers busy reading over a run of `seconds`.
    public func readersBusy(over seconds: Double) -> Double { seconds > 0 ? readSeconds / seconds : 0 }

    public static func += (lhs: inout RestorePipelineStatistics, rhs: RestorePipelineStatistics) {
        lhs.readSeconds += rhs.readSeconds
        lhs.queueFullSeconds += rhs.queueFullSeconds
        lhs.writeSeconds += rhs.writeSeconds
        lhs.queueEmptySeconds += rhs.queueEmptySeconds
        lhs.batches += rhs.batches
        lhs.rows += rhs.rows
        lhs.maxBatchesInFlight = max(lhs.maxBatchesInFlight, rhs.maxBatchesInFlight)
    }
}
