import ArchiveStore
import Foundation

/// What a backup snapshot's manifest records besides its partitions: the run of one process, or the
/// parts of a many-worker run put together (SPEC.md §14 "backup", "Snapshot fields" and "Workers").
struct SnapshotDraft {
    /// Namespace, sets, bins, partition selection, filters, tags, compaction threshold and host.
    var configuration: BackupConfiguration
    var mode: BackupMode
    var parent: SnapshotID?
    /// The parent's scan start (its changed-record window starts 2 s before it).
    var parentScanStart: UInt64?
    var scanStart: UInt64
    var source: ParentSnapshot.Source
    /// When the run started by the host's clock: the snapshot's `time`.
    var started: Date
    /// Who ran it; nil = this process's user.
    var username: String? = nil
    /// The run id of a many-worker run.
    var run: String? = nil
}

/// Writes a backup snapshot from its partitions' outcomes (SPEC.md §17.1): the digest-list table,
/// the `backup-parameters` blob, then the partition table and the manifest
/// (``Repository/saveSnapshot(_:partitions:)`` flushes before writing it). One process's backup and
/// the assembly of a many-worker run both end here, so they produce the same snapshot.
enum SnapshotCommit {
    static func save(
        _ draft: SnapshotDraft, outcomes: [Int: PartitionOutcome], clusterMetadata: ChunkID, in repository: any SnapshotSaver
    ) async throws -> SnapshotID {
        let configuration = draft.configuration
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
        let parameters = BackupParameters(configuration: configuration, mode: draft.mode, scanStart: draft.scanStart)
        let parametersID = try await repository.saveChunk(try parameters.encode(), type: .tree).id

        let changedSince = draft.parentScanStart.map { ScanFilter.changedSince(parentScanStart: $0) }
        let from = [configuration.modifiedAfter, changedSince].compactMap { $0 }.max()
        var snapshot = Snapshot(
            time: draft.started, host: configuration.hostname,
            tags: configuration.tags, parent: draft.parent, clusterName: draft.source.clusterName,
            namespace: configuration.namespace, sets: configuration.normalizedSets,
            binFilter: configuration.normalizedBins ?? [],
            scanWindow: ScanWindow(
                lastUpdateFrom: from.map { Int64(clamping: $0) },
                lastUpdateTo: Int64(clamping: configuration.modifiedBefore ?? draft.scanStart)),
            recordCount: visible, tombstoneCount: tombstones, byteCount: plainBytes,
            metadata: [
                DigestListTable.metadataName: listsRoot, BackupParameters.metadataName: parametersID,
                ClusterMetadata.metadataName: clusterMetadata,
            ],
            programVersion: AeroVaultVersion.string)
        if let username = draft.username { snapshot.username = username }
        snapshot.run = draft.run
        // The scope (SPEC.md §9 "Scope"): what `latest`, `forget` and the next backup's parent choice read.
        var scope = SnapshotScopeFields(
            partitions: configuration.partitions.description,
            modifiedAfter: configuration.modifiedAfter.map { Int64(clamping: $0) },
            modifiedBefore: configuration.modifiedBefore.map { Int64(clamping: $0) },
            noTTLOnly: configuration.noTTLOnly, clusterNodes: draft.source.nodes)
        configuration.contentScope(into: &scope)
        snapshot.scope = scope
        return try await repository.saveSnapshot(snapshot, partitions: table)
    }
}
