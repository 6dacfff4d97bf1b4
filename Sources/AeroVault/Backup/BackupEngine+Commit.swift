import ArchiveStore
import Foundation

/// Saving the snapshot once every partition is done (SPEC.md §17.1; manifest fields: §14 "backup").
extension BackupEngine {
    /// Saves the cluster-metadata blob, then the rest of the snapshot (``SnapshotCommit``).
    func commit(
        _ run: RunContext, outcomes: [Int: PartitionOutcome], metadata: ClusterMetadata
    ) async throws -> SnapshotID {
        let metadataID = try await repository.saveChunk(try metadata.encode(), type: .tree).id
        let draft = SnapshotDraft(
            configuration: configuration, mode: run.mode, parent: run.parent?.id,
            parentScanStart: run.parent?.parameters.scanStart, scanStart: run.scanStart, source: run.source,
            started: run.started)
        return try await SnapshotCommit.save(draft, outcomes: outcomes, clusterMetadata: metadataID, in: repository)
    }

    /// The summary; stored bytes new = indexed chunk bytes now − before the first run.
    func summary(
        _ run: RunContext, outcomes: [Int: PartitionOutcome], snapshotID: SnapshotID?, failed: Int,
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
            snapshotID: snapshotID?.hex ?? "", parent: run.parent?.id.hex, mode: run.mode,
            snapshotRecords: values.reduce(0) { $0 + $1.visibleRecords },
            records: values.reduce(0) { $0 + $1.records }, tombstones: values.reduce(0) { $0 + $1.tombstones },
            partitionsChanged: values.filter { !$0.reused }.count, partitionsReused: values.filter(\.reused).count,
            partitionsResumed: resumed.count, partitionsCompacted: values.filter(\.compacted).count,
            scans: await run.state.scans, bytesNew: bytesNew, bytesReused: bytesReused,
            failedRecords: failed, durationSeconds: duration, scanStart: run.scanStart)
    }
}
