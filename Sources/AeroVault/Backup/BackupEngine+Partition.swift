import AerospikeWire
import ArchiveStore
import Foundation

/// One partition: scan, sort, write its layer and digest list (SPEC.md §14 "backup", "Per partition,
/// full" and "Per partition, incremental"; digest lists: §17.2).
extension BackupEngine {
    /// Attempts per partition before the backup fails (each attempt rescans the partition).
    static let partitionAttempts = 3
    /// Reply frames buffered per partition scan before reading pauses (a frame holds many records).
    static let scanBufferedFrames = 16

    /// Backs up one partition, retrying a failed scan a few times.
    /// - Returns: the outcome and the number of records that could not be mapped.
    func backUpPartition(_ partition: Int, run: RunContext) async throws -> (PartitionOutcome, Int) {
        var attempt = 1
        var scansSoFar = 0
        while true {
            do {
                var (outcome, failures) = try await attemptPartition(partition, run: run)
                outcome.scans += scansSoFar
                return (outcome, failures)
            } catch let error as WireError where attempt < Self.partitionAttempts {
                scansSoFar += run.mode == .full ? 1 : 2
                progress.report(.warning("partition \(partition): scan failed (\(error)); retrying (\(attempt))"))
                try await clock.sleep(for: .milliseconds(200 * attempt))
                await cluster.refreshRoutes()
                attempt += 1
            } catch let error as WireError {
                throw AeroVaultError(
                    .scanFailed, "scanning partition \(partition) failed \(attempt) times; rerun to continue", cause: error)
            }
        }
    }

    private func attemptPartition(_ partition: Int, run: RunContext) async throws -> (PartitionOutcome, Int) {
        guard let parent = run.parent, let parentDigests = try await parent.digests(of: partition, from: repository)
        else {
            return try await fullPartition(partition)
        }
        return try await incrementalPartition(
            partition, parent: parent, parentDigests: parentDigests,
            changedSince: ScanFilter.changedSince(parentScanStart: parent.parameters.scanStart))
    }

    // MARK: full

    private func fullPartition(_ partition: Int) async throws -> (PartitionOutcome, Int) {
        let scan = try await scanRecords(
            partition, filter: ScanFilter.expression(configuration, changedSince: nil), collectDigests: false)
        var digests: [RecordDigest] = []
        digests.reserveCapacity(scan.sorter.count)
        var writer = LayerWriter(repository: repository)
        try await scan.sorter.drain { record in
            digests.append(record.digest)
            try await writer.append(encoded: record.bytes[...], digest: record.digest, isTombstone: false)
        }
        let layer = try await writer.finish()
        let list = try await repository.saveChunk(DigestList.encode(ascending: digests), type: .tree).id
        let outcome = PartitionOutcome(
            partition: partition, stack: layer.map { [$0] } ?? [], digestList: list, visibleRecords: digests.count,
            records: digests.count, tombstones: 0, reused: false, compacted: false, scans: 1,
            plainBytes: Int(writer.byteCount))
        return (outcome, scan.failures)
    }

    // MARK: incremental

    private func incrementalPartition(
        _ partition: Int, parent: ParentSnapshot, parentDigests: [[UInt8]], changedSince: UInt64
    ) async throws -> (PartitionOutcome, Int) {
        let parentStack = parent.table.stacks[partition]
        // Order matters: changed records first, then the live digests (SPEC.md §14 "backup"), so a
        // record deleted between the two scans is dropped (tombstoned if the parent held it), never
        // kept as live.
        let changed = try await scanRecords(
            partition, filter: ScanFilter.expression(configuration, changedSince: changedSince), collectDigests: true)
        let live = try await scanDigests(partition)
        let changedDigests = Self.sortedUnique(changed.digests.map(\.bytes))
        let plan = IncrementalPlanner.plan(
            parentDigests: parentDigests, changedDigests: changedDigests, liveDigests: live)
        guard let parentList = parent.digestLists[partition] else {
            throw AeroVaultError(.corrupted, "parent snapshot \(parent.id.short) lost partition \(partition)'s digest list")
        }
        var outcome = PartitionOutcome(
            partition: partition, stack: parentStack, digestList: parentList, visibleRecords: parentDigests.count,
            records: 0, tombstones: 0, reused: true, compacted: false, scans: 2, plainBytes: 0)
        if plan.reuseParent { return (outcome, changed.failures) }

        var writer = LayerWriter(repository: repository)
        var merger = LayerContentMerger<EncodedRecord>(plan: plan) { $0.digest.bytes }
        var records = 0
        var tombstones = 0
        func write(_ items: [LayerContentMerger<EncodedRecord>.Output]) async throws {
            for item in items {
                switch item {
                case .record(let record):
                    records += 1
                    try await writer.append(encoded: record.bytes[...], digest: record.digest, isTombstone: false)
                case .tombstone(let digest):
                    tombstones += 1
                    try await writer.append(.tombstone(digest: digest))
                }
            }
        }
        try await changed.sorter.drain { record in try await write(merger.feed(record)) }
        try await write(merger.finish())
        if let layer = try await writer.finish() {
            outcome.stack = parentStack + [layer]
            outcome.reused = false
            // Compaction reads the parent's records: a backup key cannot (SPEC.md §3 "Backup keys").
            if repository.canReadRecordData, IncrementalPlanner.stackAction(
                parentDepth: parentStack.count, compactionThreshold: configuration.compactionThreshold) == .compact
            {
                outcome.stack = try await compact(outcome.stack)
                outcome.compacted = true
            }
        }
        outcome.records = records
        outcome.tombstones = tombstones
        outcome.plainBytes = Int(writer.byteCount)
        if plan.digestListChanged {
            outcome.digestList = try await repository.saveChunk(DigestList(digests: live).encode(), type: .tree).id
            outcome.visibleRecords = live.count
        }
        return (outcome, changed.failures)
    }

    /// Merges a stack (newest wins, tombstones drop) into one fresh layer.
    private func compact(_ stack: [LayerRef]) async throws -> [LayerRef] {
        var writer = LayerWriter(repository: repository)
        try await LayerMerger(loader: repository, stack: stack).forEach { record in try await writer.append(record) }
        return try await writer.finish().map { [$0] } ?? []
    }

    // MARK: scans

    struct RecordScan {
        let sorter: PartitionSorter<EncodedRecord>
        /// Digests in scan order (unsorted); empty unless asked for (a full backup takes them, sorted,
        /// from the sorter as it writes the layer).
        let digests: [RecordDigest]
        let failures: Int
    }

    /// Scans one partition's records into a sorter, encoding each straight from its reply frame;
    /// records that cannot be mapped are reported and counted. With `collectDigests`, also the scanned
    /// records' digests (an incremental compares them with the parent's).
    private func scanRecords(_ partition: Int, filter: FilterExpression?, collectDigests: Bool) async throws
        -> RecordScan
    {
        let budget = max(1 << 20, configuration.sortMemoryBudget / max(1, configuration.parallel))
        let sorter = PartitionSorter<EncodedRecord>(
            memoryBudget: budget, spillDirectory: configuration.temporaryDirectory, cipher: spillCipher)
        var digests: [RecordDigest] = []
        var failures = 0
        var encoder = ScanRecordEncoder()
        try await cluster.scanBatches(scanRequest(partition, filter: filter, includeBinData: true)) { batch in
            for view in batch.records {
                do {
                    let record = try encoder.encode(view, in: batch, partition: partition)
                    if collectDigests { digests.append(record.digest) }
                    try sorter.add(record)
                } catch let failure as RecordMapper.Failure {
                    failures += 1
                    progress.report(.recordFailed(partition: partition, digestHex: failure.digestHex, message: failure.message))
                }
            }
        }
        return RecordScan(sorter: sorter, digests: digests, failures: failures)
    }

    /// The partition's live digests (metadata-only scan), ascending and unique.
    private func scanDigests(_ partition: Int) async throws -> [[UInt8]] {
        var digests: [[UInt8]] = []
        let filter = ScanFilter.expression(configuration, changedSince: nil)
        try await cluster.scanBatches(scanRequest(partition, filter: filter, includeBinData: false)) { batch in
            for view in batch.records where batch.partitionID(of: view) == partition {
                if let range = view.digestRange { digests.append(Array(batch.body[range])) }
            }
        }
        return Self.sortedUnique(digests)
    }

    private func scanRequest(_ partition: Int, filter: FilterExpression?, includeBinData: Bool) -> ScanRequest {
        let rate = configuration.recordsPerSecond.map { UInt32(clamping: max(1, $0 / max(1, configuration.parallel))) }
        return ScanRequest(
            namespace: configuration.namespace, set: ScanFilter.setField(configuration),
            binNames: includeBinData ? configuration.normalizedBins : nil, includeBinData: includeBinData,
            filter: filter, partitions: .list([partition]), recordsPerSecond: rate,
            bufferSize: Self.scanBufferedFrames)
    }

    static func sortedUnique(_ digests: [[UInt8]]) -> [[UInt8]] {
        var sorted = digests
        if !DigestOrder.isStrictlyAscending(sorted) {
            sorted.sort { DigestOrder.less($0, $1) }
        }
        var out: [[UInt8]] = []
        out.reserveCapacity(sorted.count)
        for digest in sorted where out.last != digest { out.append(digest) }
        return out
    }
}
