import AerospikeWire
import ArchiveStore
import Foundation

/// Restores one snapshot's records into a cluster namespace (SPEC.md §14 "restore").
///
/// Partitions are restored `options.parallel` at a time. Each partition's merged record stream goes
/// through ``RestorePlanner`` (filters, TTL) and is written in batches of `options.batchSize`; the
/// final answer of each row is counted by ``WriteOutcome``. A partition whose data fails to load
/// (damaged chunk) or whose writes fail as a whole stops with a ``PartitionFailure``; the others go
/// on. Without `ignoreRecordErrors`, the first failed record stops the restore from starting more
/// partitions. The engine never prints: it reports through ``RestoreProgress``.
public struct RestoreEngine: Sendable {
    /// The snapshot being restored.
    public struct SnapshotInfo: Sendable {
        /// Snapshot id (hex), for the report.
        public var id: String
        /// Namespace the snapshot was taken from.
        public var namespace: String
        /// When the snapshot's scan started (for `--ttl extend`).
        public var time: Date

        public init(id: String, namespace: String, time: Date) {
            self.id = id
            self.namespace = namespace
            self.time = time
        }

        /// The info of a stored snapshot.
        public init(id: SnapshotID, snapshot: Snapshot) {
            self.init(id: id.hex, namespace: snapshot.namespace, time: snapshot.time)
        }
    }

    let source: any SnapshotRecordSource
    let target: any RestoreTarget
    let options: RestoreOptions
    let progress: any RestoreProgress
    let clock: @Sendable () -> Date

    /// - Parameters:
    ///   - source: the snapshot's records, per partition.
    ///   - target: where records are written (a ``Cluster``); not used by a dry run.
    ///   - options: what to restore and how; validated by ``run(snapshot:)``.
    ///   - progress: receives events from worker tasks.
    ///   - clock: the current time (injected for TTL tests).
    public init(
        source: any SnapshotRecordSource, target: any RestoreTarget, options: RestoreOptions,
        progress: any RestoreProgress = SilentRestoreProgress(), clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.source = source
        self.target = target
        self.options = options
        self.progress = progress
        self.clock = clock
    }

    /// Runs the restore and returns its report; a report with failures is returned, not thrown.
    ///
    /// - Parameters:
    ///   - snapshot: which snapshot the records come from.
    ///   - metadata: the snapshot's UDF modules and secondary indexes, recreated first (unless
    ///     `options.restoreUDFs`/`restoreIndexes` are off, or on a dry run).
    /// - Throws: ``AeroVaultError`` `.invalidArgument` for bad options, `.notFound` when the target
    ///   namespace does not exist; `CancellationError` when cancelled.
    public func run(snapshot: SnapshotInfo, metadata: ClusterMetadata? = nil) async throws -> RestoreReport {
        try options.validate()
        let started = ContinuousClock.now
        let targetNamespace = options.targetNamespace ?? snapshot.namespace
        if !options.dryRun, try await !target.hasNamespace(targetNamespace) {
            throw AeroVaultError(
                .notFound, "the cluster has no namespace '\(targetNamespace)'; give an existing one with --target-namespace")
        }
        var report = RestoreReport(
            snapshotID: snapshot.id, sourceNamespace: snapshot.namespace, targetNamespace: targetNamespace,
            dryRun: options.dryRun)
        if let metadata, !options.dryRun, options.restoreIndexes || options.restoreUDFs {
            let restored = try await ClusterMetadataRestorer(target: target).restore(
                metadata, namespace: targetNamespace, indexes: options.restoreIndexes, udfs: options.restoreUDFs)
            report.indexesRestored = restored.indexes
            report.udfsRestored = restored.udfs
            for warning in restored.warnings { progress.report(.warning(warning)) }
            progress.report(.metadataRestored(indexes: restored.indexes, udfs: restored.udfs))
        }
        let partitions = options.partitions ?? Array(0..<Digest.partitionCount)
        progress.report(
            .started(
                snapshotID: snapshot.id, partitions: partitions.count,
                records: partitions.reduce(0) { $0 + source.estimatedRecordCount(partition: $1) }))
        let planner = RestorePlanner(options: options, snapshotTime: Int64(snapshot.time.timeIntervalSince1970))
        let worker = PartitionRestorer(
            source: source, target: target, options: options, planner: planner, targetNamespace: targetNamespace,
            limiter: options.recordsPerSecond.map { WriteRateLimiter(recordsPerSecond: $0) }, progress: progress,
            clock: clock)

        var next = 0
        var stopped = false
        try await withThrowingTaskGroup(of: PartitionRestorer.Outcome.self) { group in
            while next < partitions.count, next < options.parallel {
                let p = partitions[next]
                group.addTask { try await worker.restore(partition: p) }
                next += 1
            }
            while let outcome = try await group.next() {
                report.counts += outcome.counts
                let room = max(0, VerifyTally.exampleLimit - report.recordFailures.count)
                report.recordFailures += outcome.recordFailures.prefix(room)
                if let failure = outcome.failure {
                    report.partitionsFailed.append(failure)
                    progress.report(.partitionFailed(failure))
                } else {
                    report.partitionsRestored.append(outcome.partition)
                    progress.report(.partitionFinished(partition: outcome.partition, counts: outcome.counts))
                }
                if outcome.counts.failed > 0, !options.ignoreRecordErrors { stopped = true }
                if !stopped, next < partitions.count {
                    let p = partitions[next]
                    group.addTask { try await worker.restore(partition: p) }
                    next += 1
                }
            }
        }
        report.partitionsNotStarted = Array(partitions[next...])
        report.partitionsRestored.sort()
        report.partitionsFailed.sort { $0.partition < $1.partition }
        let elapsed = started.duration(to: .now)
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }
}
