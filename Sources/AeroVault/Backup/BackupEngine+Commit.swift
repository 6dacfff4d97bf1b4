import ArchiveStore
import Foundation

/// Saving the snapshot once every partition is done (SPEC.md §17.1; manifest fields: §14 "backup").
extension BackupEngine {
    /// Writes the digest-list table, parameters and cluster metadata blobs, the partition table and
    /// then the manifest (``Repository/saveSnapshot(_:partitions:)`` flushes before writing it).
    func commit(
        _ run: RunContext, outcomes: [Int: PartitionOutcome], metadata: ClusterMetadata
    ) async throws -> SnapshotID {
        var table = PartitionTable()
        var lists = DigestListTable()
        var visible: UInt64 = 0
        var tombstones: UInt64 = 0
        var plainBytes: UInt64 = 0
        for (partition, outcome) in outcomes {
            table.stacks[partition] = outcome.stack
            lists.lists[partition] = outcome.digestList
            visible += UInt64(outcome.visibleRecords)
            tombstones += UInt64(outcome.tombstones)
            plainBytes += UInt64(outcome.plainBytes)
        }
        var groupIDs: [Int: ChunkID] = [:]
        for (group, blob) in lists.encodeGroups() {
            groupIDs[group] = try await repository.saveChunk(blob, type: .tree).id
        }
        let listsRoot = try await repository.saveChunk(DigestListTable.encodeRoot(groups: groupIDs), type: .tree).id
        let parameters = BackupParameters(configuration: configuration, mode: run.mode, scanStart: run.scanStart)
        let parametersID = try await repository.saveChunk(try parameters.encode(), type: .tree).id
        let metadataID = try await repository.saveChunk(try metadata.encode(), type: .tree).id

        let changedSince = run.parent.map { ScanFilter.changedSince(parentScanStart: $0.parameters.scanStart) }
        let from = [configuration.modifiedAfter, changedSince].compactMap { $0 }.max()
        var snapshot = Snapshot(
            time: run.started, host: configuration.hostname,
            tags: configuration.tags, parent: run.parent?.id, clusterName: run.source.clusterName,
            namespace: configuration.namespace, sets: configuration.normalizedSets,
            binFilter: configuration.normalizedBins ?? [],
            scanWindow: ScanWindow(
                lastUpdateFrom: from.map { Int64(clamping: $0) },
                lastUpdateTo: Int64(clamping: configuration.modifiedBefore ?? run.scanStart)),
            recordCount: visible, tombstoneCount: tombstones, byteCount: plainBytes,
            metadata: [
                DigestListTable.metadataName: listsRoot, BackupParameters.metadataName: parametersID,
                ClusterMetadata.metadataName: metadataID,
            ],
            programVersion: AeroVaultVersion.string)
        // The scope (SPEC.md §9 "Scope"): what `latest`, `forget` and the next backup's parent choice read.
        snapshot.scope = SnapshotScopeFields(
            partitions: configuration.partitions.description,
            modifiedAfter: configuration.modifiedAfter.map { Int64(clamping: $0) },
            modifiedBefore: configuration.modifiedBefore.map { Int64(clamping: $0) },
            noTTLOnly: configuration.noTTLOnly, clusterNodes: run.source.nodes)
        return try await repository.saveSnapshot(snapshot, partitions: table)
    }

    /// The summary; stored bytes new = indexed chunk bytes now − before the first run.
    func summary(
        _ run: RunContext, outcomes: [Int: PartitionOutcome], snapshotID: SnapshotID, failed: Int,
        resumed: Set<Int>, duration: Double
    ) async throws -> BackupSummary {
        let stored = try await storedChunkBytes()
        let bytesNew = max(0, stored - run.baseline)
        let reusedLayers = Set(outcomes.values.flatMap { $0.reused ? $0.stack : Array($0.stack.dropLast()) })
        var bytesReused = 0
        for layer in reusedLayers {
            for chunk in try await repository.loadLayer(layer.id).chunks {
                bytesReused += Int(await repository.location(of: chunk)?.length ?? 0)
            }
        }
        let values = Array(outcomes.values)
        return BackupSummary(
            snapshotID: snapshotID.hex, parent: run.parent?.id.hex, mode: run.mode,
            snapshotRecords: values.reduce(0) { $0 + $1.visibleRecords },
            records: values.reduce(0) { $0 + $1.records }, tombstones: values.reduce(0) { $0 + $1.tombstones },
            partitionsChanged: values.filter { !$0.reused }.count, partitionsReused: values.filter(\.reused).count,
            partitionsResumed: resumed.count, partitionsCompacted: values.filter(\.compacted).count,
            scans: await run.state.scans, bytesNew: bytesNew, bytesReused: bytesReused,
            failedRecords: failed, durationSeconds: duration, scanStart: run.scanStart)
    }
}
