import AerospikeWire
import ArchiveStore
import Foundation

/// Restores one partition: reads its merged records, plans each, writes batches, counts outcomes.
struct PartitionRestorer: Sendable {
    /// What happened to one partition.
    struct Outcome: Sendable {
        var partition: Int
        var counts = RestoreCounts()
        var recordFailures: [RecordFailure] = []
        /// Set when the partition stopped early.
        var failure: PartitionFailure?
    }

    let source: any SnapshotRecordSource
    let target: any RestoreTarget
    let options: RestoreOptions
    let planner: RestorePlanner
    let targetNamespace: String
    let limiter: WriteRateLimiter?
    let progress: any RestoreProgress
    let clock: @Sendable () -> Date

    /// Restores `partition`. Damaged snapshot data or a failed batch call ends the partition with a
    /// ``PartitionFailure`` (not thrown); only cancellation is thrown.
    func restore(partition: Int) async throws -> Outcome {
        var outcome = Outcome(partition: partition)
        var pending: [PlannedWrite] = []
        pending.reserveCapacity(options.batchSize)

        func flush() async throws {
            guard !pending.isEmpty else { return }
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            try Task.checkCancellation()
            if options.dryRun {
                outcome.counts.restored += batch.count
                outcome.counts.bytes += batch.reduce(0) { $0 + $1.binBytes }
                return
            }
            if let limiter { try await limiter.acquire(batch.count) }
            let rows = batch.map { $0.batchWrite(namespace: targetNamespace, options: options) }
            let results = try await target.writeRows(rows)
            guard results.count == rows.count else {
                throw AeroVaultError(
                    .cluster, "the cluster answered \(results.count) of \(rows.count) rows of a batch write")
            }
            for (write, result) in zip(batch, results) {
                switch WriteOutcome.classify(resultCode: result.resultCode, inDoubt: result.inDoubt) {
                case .written:
                    outcome.counts.restored += 1
                    outcome.counts.bytes += write.binBytes
                case .skippedExisting:
                    outcome.counts.skippedExisting += 1
                case .failed:
                    outcome.counts.failed += 1
                    let failure = RecordFailure(
                        digest: HexCoding.encode(write.digest), set: write.set ?? "",
                        reason: result.resultCode.map { "result code \($0): \(result.message)" } ?? result.message)
                    if outcome.recordFailures.count < VerifyTally.exampleLimit { outcome.recordFailures.append(failure) }
                    progress.report(.recordFailed(failure))
                }
            }
        }

        do {
            var now = Int64(clock().timeIntervalSince1970)
            try await source.forEachRecord(partition: partition) { record in
                switch planner.plan(record, now: now) {
                case .write(let write):
                    pending.append(write)
                    if pending.count >= options.batchSize {
                        try await flush()
                        now = Int64(clock().timeIntervalSince1970)
                    }
                case .skipExpired: outcome.counts.skippedExpired += 1
                case .skipFiltered: outcome.counts.skippedFiltered += 1
                case .ignore: break
                }
            }
            try await flush()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            outcome.failure = PartitionFailure(
                partition: partition, message: "\(error)", recordsWritten: outcome.counts.restored)
        }
        return outcome
    }
}
