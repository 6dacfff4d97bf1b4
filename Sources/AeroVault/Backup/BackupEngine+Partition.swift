import AerospikeWire
import ArchiveStore
import Foundation

/// A group of partitions: multi-partition scans, then per partition sort, write its layer and digest
/// list (SPEC.md §14 "backup", "Scans", "Per partition, full" and "Per partition, incremental"; digest
/// lists: §17.2).
extension BackupEngine {
    /// Backs up a group of partitions with multi-partition scans: the full ones with one records scan;
    /// the incremental ones with a changed-records scan, then a digest-only scan.
    /// - Returns: each partition's outcome and the number of its records that could not be mapped, in
    ///   the group's order.
    func backUpGroup(_ partitions: [Int], run: RunContext) async throws -> [(PartitionOutcome, Int)] {
        var full: [Int] = []
        var parentDigests: [Int: [[UInt8]]] = [:]
        for partition in partitions {
            if let parent = run.parent, let digests = try await parent.digests(of: partition, from: repository) {
                parentDigests[partition] = digests
            } else {
                full.append(partition)
            }
        }
        var results: [Int: (PartitionOutcome, Int)] = [:]
        // `--no-records`, or `--max-records` used up: the partitions are stored empty, unscanned.
        let remaining = await run.state.remainingRecords
        if configuration.noRecords || remaining == 0 {
            for partition in full { results[partition] = (try await emptyOutcome(partition), 0) }
            full = []
        }
        if !full.isEmpty {
            let scan = try await scanGroupRecords(
                full, filter: ScanFilter.expression(configuration, changedSince: nil), hashContents: false, run: run)
            for partition in full {
                var outcome = try await writeFull(partition, sorter: scan.sorters.take(partition))
                outcome.scans = scan.scans
                results[partition] = (outcome, scan.failures[partition] ?? 0)
            }
        }
        if let parent = run.parent {
            let incremental = partitions.filter { parentDigests[$0] != nil }
            if !incremental.isEmpty {
                try await backUpIncremental(incremental, parent: parent, parentDigests: parentDigests, run: run) {
                    results[$0.0.partition] = $0
                }
            }
        }
        return partitions.compactMap { results[$0] }
    }

    // MARK: full

    /// A partition stored without records: no layer, an empty digest list.
    private func emptyOutcome(_ partition: Int) async throws -> PartitionOutcome {
        let list = try await repository.saveChunk(DigestList.encode(ascending: []), type: .tree).id
        return PartitionOutcome(
            partition: partition, stack: [], digestList: list, visibleRecords: 0, records: 0, tombstones: 0,
            reused: false, compacted: false, scans: 0, plainBytes: 0)
    }

    private func writeFull(_ partition: Int, sorter: PartitionSorter<EncodedRecord>) async throws -> PartitionOutcome {
        var digests: [RecordDigest] = []
        digests.reserveCapacity(sorter.count)
        var writer = LayerWriter(saver: repository, chunker: repository.makeChunker())
        try await sorter.drain { record in
            digests.append(record.digest)
            try await writer.append(encoded: record.bytes[...], digest: record.digest, isTombstone: false)
        }
        let layer = try await writer.finish()
        let list = try await repository.saveChunk(DigestList.encode(ascending: digests), type: .tree).id
        return PartitionOutcome(
            partition: partition, stack: layer.map { [$0] } ?? [], digestList: list, visibleRecords: digests.count,
            records: digests.count, tombstones: 0, reused: false, compacted: false, scans: 1,
            plainBytes: Int(writer.byteCount))
    }

    // MARK: incremental

    /// Order matters: the group's changed records first, then its live digests (SPEC.md §14 "backup"),
    /// so a record deleted between the two scans is dropped (tombstoned if the parent held it), never
    /// kept as live. `finished` gets each partition's outcome and unmapped-record count.
    private func backUpIncremental(
        _ partitions: [Int], parent: ParentSnapshot, parentDigests: [Int: [[UInt8]]], run: RunContext,
        finished: ((PartitionOutcome, Int)) -> Void
    ) async throws {
        let changed = try await scanGroupRecords(
            partitions,
            filter: ScanFilter.expression(
                configuration, changedSince: ScanFilter.changedSince(parentScanStart: parent.parameters.scanStart)),
            hashContents: true, run: run)
        let live = try await scanGroupDigests(partitions, run: run)
        for partition in partitions {
            var outcome = try await writeIncremental(
                partition, parent: parent, parentDigests: parentDigests[partition] ?? [],
                changed: changed.sorters.take(partition), changedContents: changed.contents[partition] ?? [:],
                live: live.digests[partition] ?? [])
            outcome.scans = changed.scans + live.scans
            finished((outcome, changed.failures[partition] ?? 0))
        }
    }

    private func writeIncremental(
        _ partition: Int, parent: ParentSnapshot, parentDigests: [[UInt8]], changed: PartitionSorter<EncodedRecord>,
        changedContents: [RecordDigest: ChunkID], live: [[UInt8]]
    ) async throws -> PartitionOutcome {
        let parentStack = parent.table.stacks[partition]
        let unchanged = try await unchangedRecords(changedContents, parentDigests: parentDigests, parentStack: parentStack)
        let changedDigests = changedContents.keys.filter { !unchanged.contains($0) }.map(\.bytes)
        let plan = IncrementalPlanner.plan(
            parentDigests: parentDigests, changedDigests: Self.sortedUnique(changedDigests), liveDigests: live)
        guard let parentList = parent.digestLists[partition] else {
            throw AeroVaultError(.corrupted, "parent snapshot \(parent.id.short) lost partition \(partition)'s digest list")
        }
        var outcome = PartitionOutcome(
            partition: partition, stack: parentStack, digestList: parentList, visibleRecords: parentDigests.count,
            records: 0, tombstones: 0, reused: true, compacted: false, scans: 2, plainBytes: 0)
        if plan.reuseParent { return outcome }

        var writer = LayerWriter(saver: repository, chunker: repository.makeChunker())
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
        try await changed.drain { record in
            if !unchanged.contains(record.digest) { try await write(merger.feed(record)) }
        }
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
        return outcome
    }

    /// The changed records whose encoding is byte for byte the parent's stored version (SPEC.md §14
    /// "backup", "Exact incrementals"): read again only because the changed-record scan's clock
    /// margin reaches back before the parent's scan. The parent's layers are read only for a
    /// partition with changed records the parent holds. A backup key cannot read them (SPEC.md §3
    /// "Backup keys"): it stores every changed record, as a backup without the comparison would.
    private func unchangedRecords(
        _ changed: [RecordDigest: ChunkID], parentDigests: [[UInt8]], parentStack: [LayerRef]
    ) async throws -> Set<RecordDigest> {
        guard repository.canReadRecordData, !changed.isEmpty, !parentStack.isEmpty else { return [] }
        let held = Set(parentDigests)
        guard changed.keys.contains(where: { held.contains($0.bytes) }) else { return [] }
        var unchanged = Set<RecordDigest>()
        try await LayerMerger(loader: repository, stack: parentStack).forEachView { view in
            if let hash = changed[view.digest], repository.chunkID(of: Array(view.bytes[view.range])) == hash {
                unchanged.insert(view.digest)
            }
        }
        return unchanged
    }

    /// Merges a stack (newest wins, tombstones drop) into one fresh layer.
    private func compact(_ stack: [LayerRef]) async throws -> [LayerRef] {
        var writer = LayerWriter(saver: repository, chunker: repository.makeChunker())
        try await LayerMerger(loader: repository, stack: stack).forEach { record in try await writer.append(record) }
        return try await writer.finish().map { [$0] } ?? []
    }
}
