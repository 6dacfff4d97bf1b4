import AerospikeWire
import ArchiveStore
import Foundation

/// Reads one partition for restore: its merged records, still encoded, are planned and made into
/// batch rows by a ``RestoreRowEncoder`` and handed to the ``WritePipeline`` in slices of
/// `batchSize` rows (or, on a dry run, only counted).
struct PartitionRestorer: Sendable {
    /// What happened to one partition.
    struct Outcome: Sendable {
        var partition: Int
        var counts = RestoreCounts()
        var recordFailures: [RecordFailure] = []
        /// Set when the partition stopped early.
        var failure: PartitionFailure?
        /// Seconds spent reading and planning, and waiting for room in the queue.
        var readSeconds: Double = 0
        var blockedSeconds: Double = 0
    }

    let source: any SnapshotRecordSource
    /// Where rows go; nil on a dry run.
    let pipeline: WritePipeline?
    /// Asked which node each partition's rows go to; nil on a dry run.
    let target: (any RestoreTarget)?
    let options: RestoreOptions
    let planner: RestorePlanner
    let targetNamespace: String
    let clock: @Sendable () -> Date

    /// Restores `partition` and returns once every row it queued has been answered. Damaged snapshot
    /// data or a batch that failed as a whole ends the partition with a ``PartitionFailure`` (not
    /// thrown); only cancellation is thrown.
    ///
    /// Rows read before a failure but not yet queued (less than a batch) are dropped, not written.
    func restore(partition: Int) async throws -> Outcome {
        var counts = RestoreCounts()
        var slice: [QueuedWrite] = []
        slice.reserveCapacity(options.batchSize)
        var failure: String?
        var now = Int64(clock().timeIntervalSince1970)
        let timer = ContinuousClock()
        let started = timer.now
        var blocked = Duration.zero
        var route: String?
        // --delete-extra: the snapshot's digests of this partition (one partition's worth per slot).
        let deleteScope = options.deleteExtra.flatMap { $0.includes(partition: partition) ? $0 : nil }
        var kept = Set<RecordDigest>()
        if pipeline != nil, let target { route = await target.writeRoute(namespace: targetNamespace, partition: partition) }

        func flush() async throws {
            guard !slice.isEmpty else { return }
            try Task.checkCancellation()
            if let pipeline {
                let waiting = timer.now
                defer { blocked += waiting.duration(to: timer.now) }
                try await pipeline.push(slice, partition: partition)
            } else {
                counts.restored += slice.count
                counts.bytes += slice.reduce(0) { $0 + $1.binBytes }
            }
            slice.removeAll(keepingCapacity: true)
            now = Int64(clock().timeIntervalSince1970)
        }

        do {
            var encoder = RestoreRowEncoder(planner: planner, namespace: targetNamespace, options: options)
            try await source.forEachRecordView(partition: partition) { record in
                if deleteScope != nil { kept.insert(record.digest) }
                switch encoder.plan(record, now: now) {
                case .write(let row, let binBytes):
                    slice.append(QueuedWrite(partition: partition, row: row, binBytes: binBytes, route: route, planned: now))
                    if slice.count >= options.batchSize { try await flush() }
                case .skipExpired: counts.skippedExpired += 1
                case .skipFiltered: counts.skippedFiltered += 1
                case .ignore: break
                }
            }
            try await flush()
        } catch is CancellationError {
            throw CancellationError()
        } catch is WritePipeline.PartitionStopped {
            // The pipeline already holds the reason (a failed batch).
        } catch {
            failure = "\(error)"
        }
        let readSeconds = (started.duration(to: timer.now) - blocked).seconds
        var outcome: Outcome
        if let pipeline {
            outcome = try await pipeline.finishReading(partition: partition, skipped: counts, failure: failure)
        } else {
            outcome = Outcome(partition: partition, counts: counts)
            outcome.failure = failure.map { PartitionFailure(partition: partition, message: $0, recordsWritten: counts.restored) }
        }
        if let deleteScope, let target, pipeline != nil, outcome.failure == nil {
            do {
                outcome.counts.deleted = try await deleteExtras(
                    partition: partition, kept: kept, scope: deleteScope, target: target)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outcome.failure = PartitionFailure(
                    partition: partition, message: "deleting records the snapshot does not hold: \(error)",
                    recordsWritten: outcome.counts.restored)
            }
        }
        outcome.blockedSeconds = blocked.seconds
        outcome.readSeconds = readSeconds
        return outcome
    }
}
