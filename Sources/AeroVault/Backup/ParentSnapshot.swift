import ArchiveStore

/// The snapshot an incremental backup builds on, with what the engine needs from it.
struct ParentSnapshot {
    let id: SnapshotID
    let snapshot: Snapshot
    let parameters: BackupParameters
    /// Layer stacks per partition.
    let table: PartitionTable
    /// Digest-list chunk per partition the parent covered.
    let digestLists: [Int: ChunkID]

    /// Loads the partition table and the digest-list table of `snapshot`.
    static func load(
        id: SnapshotID, snapshot: Snapshot, parameters: BackupParameters, from repository: any BackupRepository
    ) async throws -> ParentSnapshot {
        guard let rootID = snapshot.metadata[DigestListTable.metadataName] else {
            throw AeroVaultError(.corrupted, "snapshot \(id.short) has no digest lists; take a full backup with --full")
        }
        let table = try await repository.loadPartitionTable(snapshot)
        var lists: [Int: ChunkID] = [:]
        for (group, groupID) in try DigestListTable.decodeRoot(try await repository.loadChunk(rootID)) {
            let entries = try DigestListTable.decodeGroup(try await repository.loadChunk(groupID), group: group)
            lists.merge(entries) { a, _ in a }
        }
        return ParentSnapshot(id: id, snapshot: snapshot, parameters: parameters, table: table, digestLists: lists)
    }

    /// The parent's digests of `partition`, or nil if the parent did not cover it.
    func digests(of partition: Int, from repository: any BackupRepository) async throws -> [[UInt8]]? {
        guard let id = digestLists[partition] else { return nil }
        return try DigestList.decode(try await repository.loadChunk(id)).digests
    }
}
