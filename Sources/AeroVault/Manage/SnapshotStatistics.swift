import ArchiveStore

/// `stats --mode restore-size`: what restoring the snapshots would write.
public struct RestoreSizeStats: Sendable, Hashable, Codable {
    public var snapshots = 0
    /// Live records after merging each snapshot's layers (summed over snapshots).
    public var records: UInt64 = 0
    /// Their encoded size in bytes (SPEC.md §5 record encoding, summed over snapshots).
    public var bytes: UInt64 = 0
}

/// `stats --mode raw-data`: what the snapshots occupy in the repository, shared chunks once.
public struct RawDataStats: Sendable, Hashable, Codable {
    public var snapshots = 0
    /// Distinct chunks referenced (data and tree).
    public var chunks = 0
    public var treeChunks = 0
    /// Plaintext bytes of those chunks.
    public var plaintextBytes: UInt64 = 0
    /// Stored (compressed, sealed) bytes of those chunks.
    public var storedBytes: UInt64 = 0
    /// Packs holding them.
    public var packs = 0
}

/// `stats` engine (SPEC.md §14 "stats").
public struct SnapshotStatistics: Sendable {
    public let repository: Repository
    public let expanders: MetadataExpanders

    public init(repository: Repository, expanders: MetadataExpanders = .aerovault) {
        self.repository = repository
        self.expanders = expanders
    }

    /// Merged size of each snapshot. A partition with a single layer is counted from the layer's
    /// own counts (no tombstones can hide anything there); deeper stacks are merged.
    public func restoreSize(_ ids: [SnapshotID]) async throws -> RestoreSizeStats {
        var stats = RestoreSizeStats()
        var scratch: [UInt8] = []
        for id in ids {
            stats.snapshots += 1
            let table = try await SnapshotRecords(loader: repository).table(id)
            for stack in table.stacks where !stack.isEmpty {
                try Task.checkCancellation()
                if stack.count == 1, stack[0].tombstoneCount == 0 {
                    let layer = try await repository.loadLayer(stack[0].id)
                    stats.records += layer.recordCount
                    stats.bytes += layer.byteCount
                    continue
                }
                let merger = LayerMerger(loader: repository, stack: stack)
                while let record = try await merger.next() {
                    scratch.removeAll(keepingCapacity: true)
                    RecordCodec.encode(record, into: &scratch)
                    stats.records += 1
                    stats.bytes += UInt64(scratch.count)
                }
            }
        }
        return stats
    }

    /// Distinct chunks the snapshots reference and their stored size.
    /// - Throws: `.corrupted` when a referenced chunk is missing (run `check`).
    public func rawData(_ ids: [SnapshotID]) async throws -> RawDataStats {
        var snapshots: [(id: SnapshotID, snapshot: Snapshot)] = []
        for id in ids { snapshots.append((id, try await repository.loadSnapshot(id))) }
        let (chunks, problems) = try await repository.referencedChunks(snapshots, expanders: expanders)
        if let problem = problems.first {
            throw ArchiveStoreError(.corrupted, "\(problem); run `aerovault check`")
        }
        var stats = RawDataStats(snapshots: ids.count, chunks: chunks.count)
        var packs: Set<PackID> = []
        for id in chunks {
            guard let location = await repository.location(of: id) else { continue }
            if location.type == .tree { stats.treeChunks += 1 }
            stats.plaintextBytes += UInt64(location.plaintextLength)
            stats.storedBytes += UInt64(location.length)
            packs.insert(location.pack)
        }
        stats.packs = packs.count
        return stats
    }
}
