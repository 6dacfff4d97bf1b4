import AerospikeWire
import ArchiveStore
import Foundation

/// Restores one snapshot's records into a cluster namespace (SPEC.md §14 "restore").
///
/// A pipeline (SPEC.md §14 "Pipeline"): up to `options.parallel` partitions are read at once (chunks
/// loaded, decrypted, merged and planned by ``RestorePlanner``) and their rows queued in a bounded
/// ``WritePipeline``; `options.writesInFlight` ``RestoreWriter``s take batches of up to
/// `options.batchSize` rows from it, whatever partition they come from, so reading and writing
/// overlap and batches stay full even when partitions are small. The final answer of each row is
/// counted by ``WriteOutcome``. A partition whose data fails to load (damaged chunk) or whose rows'
/// batch fails as a whole stops with a ``PartitionFailure``; the others go on. Without
/// `ignoreRecordErrors`, the first failed record stops the restore from starting more partitions.
/// A dry run reads and plans everything and needs no cluster. The engine never prints: it reports
/// through ``RestoreProgress``.
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
    let target: (any RestoreTarget)?
    let options: RestoreOptions
    let progress: any RestoreProgress
    let clock: @Sendable () -> Date

    /// - Parameters:
    ///   - source: the snapshot's records, per partition.
    ///   - target: where records are written (a ``Cluster``). A dry run needs none; given one, a dry
    ///     run only checks that the target namespace exists.
    ///   - options: what to restore and how; validated by ``run(snapshot:)``.
    ///   - progress: receives events from worker tasks.
    ///   - clock: the current time (injected for TTL tests).
    public init(
        source: any SnapshotRecordSource, target: (any RestoreTarget)?, options: RestoreOptions,
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
        if target == nil, !options.dryRun {
            throw AeroVaultError(.invalidArgument, "a restore that writes needs a cluster; only a dry run works without one")
        }
        let partitions = options.restoreRecords ? options.partitions ?? Array(0..<Digest.partitionCount) : []
        if !options.dryRun {
            let unavailable = try await source.unavailableChunks(partitions: partitions)
            if let first = unavailable.first {
                throw AeroVaultError(
                    .notFound,
                    "cannot restore snapshot \(snapshot.id.prefix(8)): \(unavailable.count) chunk(s) it needs cannot be "
                        + "read (first: chunk \(first.chunk.short): \(first.reason)); nothing was written. Run "
                        + "`aerovault check` to see what is missing or damaged; if index files name packs that are "
                        + "gone (a stale index, e.g. from an old copy of the repository), `aerovault repair index` "
                        + "rebuilds the index from the packs")
            }
        }
        if let target, try await !target.hasNamespace(targetNamespace) {
            throw AeroVaultError(
                .notFound, "the cluster has no namespace '\(targetNamespace)'; give an existing one with --target-namespace")
        }
        var report = RestoreReport(
            snapshotID: snapshot.id, sourceNamespace: snapshot.namespace, targetNamespace: targetNamespace,
            dryRun: options.dryRun)
        try await restoreMetadata(
            metadata, namespace: targetNamespace, indexes: options.restoreIndexes && !options.indexesLast,
            udfs: options.restoreUDFs, into: &report)
        progress.report(
            .started(
                snapshotID: snapshot.id, partitions: partitions.count,
                records: partitions.reduce(0) { $0 + source.estimatedRecordCount(partition: $1) }))
        let writeTarget = options.dryRun ? nil : target
        // Two batches per writer may wait: a writer finds its next batch ready when its answer arrives.
        let pipeline = writeTarget.map { _ in
            WritePipeline(capacity: 2 * options.writesInFlight * options.batchSize, progress: progress)
        }
        let reader = PartitionRestorer(
            source: source, pipeline: pipeline, target: writeTarget, options: options,
            planner: RestorePlanner(options: options, snapshotTime: Int64(snapshot.time.timeIntervalSince1970)),
            targetNamespace: targetNamespace, clock: clock)
        let limiter = options.recordsPerSecond.map { WriteRateLimiter(perSecond: $0) }
        let byteLimiter = options.writeBytesPerSecond.map { WriteRateLimiter(perSecond: $0) }
        var roleViolation: RecordFailure?
        let window = WriteWindow(policy: options.retryPolicy, maxWindow: options.writesInFlight)

        let notStarted = try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Void.self) { writers in
                if let writeTarget, let pipeline {
                    let writer = RestoreWriter(
                        target: writeTarget, pipeline: pipeline, window: window, batchSize: options.batchSize,
                        limiter: limiter, byteLimiter: byteLimiter, now: clock)
                    for _ in 0..<options.writesInFlight { writers.addTask { try await writer.run() } }
                }
                do {
                    let notStarted = try await PartitionFanOut.run(
                        partitions, parallel: options.parallel, work: { try await reader.restore(partition: $0) }
                    ) { outcome in
                        merge(outcome, into: &report)
                        if roleViolation == nil { roleViolation = outcome.recordFailures.first(where: \.isRoleViolation) }
                        return roleViolation == nil && (outcome.counts.failed == 0 || options.ignoreRecordErrors)
                    }
                    await pipeline?.close()
                    try await writers.waitForAll()
                    if let pipeline { report.pipeline += await pipeline.statistics }
                    report.retries = await window.statistics
                    return notStarted
                } catch {
                    await pipeline?.cancel()
                    await window.cancel()
                    throw error
                }
            }
        } onCancel: {
            Task {
                await pipeline?.cancel()
                await window.cancel()
            }
        }
        if let roleViolation { throw Self.permissionError(roleViolation, namespace: targetNamespace, report: report) }
        try await restoreMetadata(
            metadata, namespace: targetNamespace, indexes: options.restoreIndexes && options.indexesLast, udfs: false,
            into: &report)
        if let metadata, let target, options.waitForIndexes, options.restoreIndexes, !options.dryRun {
            let waiter = IndexBuildWaiter(target: target, namespace: targetNamespace, interval: options.indexPollInterval)
            for warning in try await waiter.wait(for: metadata.sindexes.compactMap { $0["indexname"] }) {
                progress.report(.warning(warning))
            }
        }
        report.partitionsNotStarted = Array(notStarted)
        report.partitionsRestored.sort()
        report.partitionsFailed.sort { $0.partition < $1.partition }
        report.seconds = started.duration(to: .now).seconds
        return report
    }

    /// Recreates the snapshot's UDF modules and/or secondary indexes (not on a dry run), adding the
    /// counts to the report and the warnings to the progress sink.
    private func restoreMetadata(
        _ metadata: ClusterMetadata?, namespace: String, indexes: Bool, udfs: Bool, into report: inout RestoreReport
    ) async throws {
        guard let metadata, let target, !options.dryRun, indexes || udfs else { return }
        let restored = try await ClusterMetadataRestorer(target: target).restore(
            metadata, namespace: namespace, indexes: indexes, udfs: udfs)
        report.indexesRestored += restored.indexes
        report.udfsRestored += restored.udfs
        for warning in restored.warnings { progress.report(.warning(warning)) }
        progress.report(.metadataRestored(indexes: restored.indexes, udfs: restored.udfs))
    }

    /// The one error for a restore the cluster refused with ROLE_VIOLATION: the user may not write
    /// to the namespace, so every row would fail the same way (SPEC.md §14 "restore").
    static func permissionError(_ failure: RecordFailure, namespace: String, report: RestoreReport) -> AeroVaultError {
        AeroVaultError(
            .permission,
            "the cluster refused the writes with ROLE_VIOLATION (81): the cluster user may not write to namespace "
                + "'\(namespace)'. Restore as a user with a role that can write there (e.g. read-write). The restore "
                + "stopped; \(report.counts.restored) records had been written before the refusal")
    }

    /// Adds one partition's outcome to the report and tells the progress sink.
    private func merge(_ outcome: PartitionRestorer.Outcome, into report: inout RestoreReport) {
        report.counts += outcome.counts
        report.pipeline.readSeconds += outcome.readSeconds
        report.pipeline.queueFullSeconds += outcome.blockedSeconds
        let room = max(0, VerifyTally.exampleLimit - report.recordFailures.count)
        report.recordFailures += outcome.recordFailures.prefix(room)
        if let failure = outcome.failure {
            report.partitionsFailed.append(failure)
            progress.report(.partitionFailed(failure))
        } else {
            report.partitionsRestored.append(outcome.partition)
            progress.report(.partitionFinished(partition: outcome.partition, counts: outcome.counts))
        }
    }
}
