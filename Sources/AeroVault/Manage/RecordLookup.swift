import AerospikeWire
import ArchiveStore

/// `dump`: finds one record of a snapshot by its digest, reading only the partition that holds it
/// (SPEC.md §14 "dump"). Layers are merged as for a restore (§9 "Merge"): the newest version wins and
/// a record whose newest entry is a tombstone is not there.
public struct RecordLookup: Sendable {
    public let loader: any SnapshotLister

    public init(loader: any SnapshotLister) {
        self.loader = loader
    }

    /// The record with `digest` in snapshot `id`, or nil when the snapshot does not hold it.
    /// - Throws: `.invalidArgument` for a digest that is not 20 bytes; read errors as they come.
    public func record(digest: [UInt8], in id: SnapshotID) async throws -> (partition: Int, record: ArchiveRecord)? {
        guard digest.count == Digest.size else {
            throw AeroVaultError(.invalidArgument, "a digest has \(Digest.size) bytes, not \(digest.count)")
        }
        let partition = Digest.partitionID(digest)
        let table = try await loader.loadPartitionTable(try await loader.loadSnapshot(id))
        let merger = LayerMerger(loader: loader, stack: table.stacks[partition])
        while let record = try await merger.next() {
            if record.digest == digest { return (partition, record) }
            // Layers are in ascending digest order: past it, it is not there.
            if digest.lexicographicallyPrecedes(record.digest) { return nil }
        }
        return nil
    }
}
