import AerospikeWire
import ArchiveStore

/// `restore --delete-extra` (SPEC.md §14 "restore"): after a partition's records are written, the
/// target's records of that partition that the snapshot does not hold are deleted, so the namespace
/// (within the snapshot's scope) equals the snapshot: a point-in-time rollback.
public struct DeleteScope: Sendable, Equatable {
    /// Sets whose records may be deleted; nil = every set. `""` names records without a set.
    public var sets: Set<String>?
    /// Partitions the snapshot holds; nil = all 4096. Others are never touched.
    public var partitions: Set<Int>?

    public init(sets: Set<String>? = nil, partitions: Set<Int>? = nil) {
        self.sets = sets
        self.partitions = partitions
    }

    /// The scope for restoring `snapshot` with the `--set` filter `restoreSets` (empty = all): the sets
    /// and partitions both hold. - Throws: `.invalidArgument` for a snapshot taken with a time or TTL
    /// filter or asbackup's content flags (`--no-records`, `--max-records`, `--filter-exp`, `--no-bins`),
    /// which does not say which records existed, so nothing may be deleted by it.
    public static func make(for snapshot: Snapshot, restoreSets: [String]) throws -> DeleteScope {
        let scope = SnapshotScope(snapshot)
        guard scope.modifiedAfter == nil, scope.modifiedBefore == nil, !scope.noTTLOnly, scope.content.isEmpty else {
            throw AeroVaultError(
                .invalidArgument,
                "--delete-extra needs a snapshot of every record: snapshot scope '\(scope)' has a time, TTL, "
                    + "expression or record-count filter, so records missing from it may still belong; restore "
                    + "without --delete-extra")
        }
        var sets: Set<String>? = scope.sets.isEmpty ? nil : Set(scope.sets)
        if !restoreSets.isEmpty { sets = sets.map { $0.intersection(restoreSets) } ?? Set(restoreSets) }
        let partitions = try scope.partitions.map { Set(try PartitionSelection(list: $0).ids) }
        return DeleteScope(sets: sets, partitions: partitions)
    }

    func includes(set: String?) -> Bool { sets?.contains(set ?? "") ?? true }
    func includes(partition: Int) -> Bool { partitions?.contains(partition) ?? true }
}

extension PartitionRestorer {
    /// Deletes the target's records of `partition` in `scope` whose digests are not in `kept` (the
    /// snapshot's). Returns how many were deleted; a record already gone is not counted.
    func deleteExtras(partition: Int, kept: Set<RecordDigest>, scope: DeleteScope, target: any RestoreTarget)
        async throws -> Int
    {
        var deleted = 0
        for live in try await target.liveRecords(namespace: targetNamespace, partition: partition)
        where scope.includes(set: live.set) {
            guard let digest = RecordDigest(live.digest), !kept.contains(digest) else { continue }
            try Task.checkCancellation()
            if try await target.deleteRecord(namespace: targetNamespace, digest: live.digest) { deleted += 1 }
        }
        return deleted
    }
}

extension Cluster {
    /// Every record of `partition` in `namespace`: digest and set, from a metadata-only scan.
    public nonisolated func liveRecords(namespace: String, partition: Int) async throws -> [(digest: [UInt8], set: String?)] {
        var out: [(digest: [UInt8], set: String?)] = []
        let request = ScanRequest(namespace: namespace, includeBinData: false, partitions: .list([partition]))
        for try await event in scanBatches(request) {
            guard case .records(let batch) = event else { continue }
            for view in batch.records where batch.partitionID(of: view) == partition {
                guard let range = view.digestRange else { continue }
                let set = batch.setRange(of: view).map { String(decoding: batch.body[$0], as: UTF8.self) }
                out.append((Array(batch.body[range]), set))
            }
        }
        return out
    }

    /// Deletes the record with `digest`; false when it was already gone.
    public nonisolated func deleteRecord(namespace: String, digest: [UInt8]) async throws -> Bool {
        try await delete(Key(namespace: namespace, set: nil, digest: digest))
    }
}
