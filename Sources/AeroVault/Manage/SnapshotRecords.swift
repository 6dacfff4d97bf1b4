import ArchiveStore

/// One record as `ls` shows it.
public struct RecordListing: Sendable, Hashable, Codable {
    public var partition: Int
    /// Digest as 40 hex characters.
    public var digest: String
    /// Set name, empty if none.
    public var set: String
    /// Rendered user key (``RecordPreview/key(_:)``).
    public var key: String
    public var generation: UInt32
    public var voidTime: UInt32
    public var binCount: Int
    /// Rendered bins (``RecordPreview/bins(_:)``).
    public var bins: String

    public init(partition: Int, record: ArchiveRecord) {
        self.partition = partition
        digest = HexCoding.encode(record.digest)
        set = record.set ?? ""
        key = RecordPreview.key(record.key)
        generation = record.generation
        voidTime = record.voidTime
        binCount = record.bins.count
        bins = RecordPreview.bins(record.bins)
    }
}

/// Streams the merged records of a snapshot, partition by partition (newest layer wins, tombstones
/// dropped; SPEC.md §9 "Merge"). Memory: one chunk per layer of the current partition.
public struct SnapshotRecords: Sendable {
    public let loader: any SnapshotLister

    public init(loader: any SnapshotLister) {
        self.loader = loader
    }

    /// The partition table of a snapshot.
    public func table(_ id: SnapshotID) async throws -> PartitionTable {
        try await loader.loadPartitionTable(try await loader.loadSnapshot(id))
    }

    /// Calls `body` for every live record in partition order, then digest order, until it returns false.
    public func forEach(
        _ id: SnapshotID, _ body: (Int, ArchiveRecord) async throws -> Bool
    ) async throws {
        let table = try await table(id)
        for (partition, stack) in table.stacks.enumerated() where !stack.isEmpty {
            try Task.checkCancellation()
            let merger = LayerMerger(loader: loader, stack: stack)
            while let record = try await merger.next() {
                guard try await body(partition, record) else { return }
            }
        }
    }

    /// `ls`: up to `limit` records (all when nil), optionally only those of `set` (`""` = no set).
    public func list(_ id: SnapshotID, set: String? = nil, limit: Int? = nil) async throws -> [RecordListing] {
        var out: [RecordListing] = []
        if limit == 0 { return out }
        try await forEach(id) { partition, record in
            if let set, (record.set ?? "") != set { return true }
            out.append(RecordListing(partition: partition, record: record))
            return limit.map { out.count < $0 } ?? true
        }
        return out
    }
}
