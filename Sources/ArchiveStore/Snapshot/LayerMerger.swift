/// Reads one partition of a snapshot (SPEC.md §9 "Merge"): a streaming k-way merge of its layer
/// stack by digest (ascending bytewise). Where several layers hold the same digest the newest layer
/// wins; a winning tombstone hides the record and is not returned.
///
/// Memory: one decoded chunk per layer at a time. Every chunk is verified on load, and a layer whose
/// records are not strictly ascending is reported as `.corrupted`.
public final class LayerMerger {
    private var cursors: [LayerCursor]

    /// - Parameter stack: layers oldest first, as in ``PartitionTable/stacks``.
    public init(loader: any SnapshotLister, stack: [LayerRef]) {
        cursors = stack.map { LayerCursor(loader: loader, layerID: $0.id) }
    }

    /// The next live record in digest order, or nil at the end.
    public func next() async throws -> ArchiveRecord? {
        while true {
            var smallest: [UInt8]?
            var winner = -1
            for i in cursors.indices {
                guard let head = try await cursors[i].head() else { continue }
                if let s = smallest, !head.digest.lexicographicallyPrecedes(s) {
                    if head.digest == s { winner = i }  // later cursor = newer layer
                    continue
                }
                smallest = head.digest
                winner = i
            }
            guard let digest = smallest else { return nil }
            let record = try await cursors[winner].head()
            for i in cursors.indices where try await cursors[i].head()?.digest == digest {
                try cursors[i].advance()
            }
            if let record, !record.isTombstone { return record }
        }
    }

    /// Calls `body` for every live record in digest order.
    public func forEach(_ body: (ArchiveRecord) async throws -> Void) async throws {
        while let record = try await next() { try await body(record) }
    }
}

/// Walks one layer's records, loading one chunk at a time.
struct LayerCursor {
    private let loader: any SnapshotLister
    private let layerID: ChunkID
    private var chunkIDs: [ChunkID]?
    private var nextChunk = 0
    private var records: [ArchiveRecord] = []
    private var position = 0
    private var previousDigest: [UInt8]?

    init(loader: any SnapshotLister, layerID: ChunkID) {
        self.loader = loader
        self.layerID = layerID
    }

    /// The current record, loading the layer and the next chunk as needed; nil when exhausted.
    mutating func head() async throws -> ArchiveRecord? {
        if chunkIDs == nil { chunkIDs = try await loader.loadLayer(layerID).chunks }
        while position == records.count {
            guard let ids = chunkIDs, nextChunk < ids.count else { return nil }
            records = try RecordCodec.decodeAll(try await loader.loadChunk(ids[nextChunk]))
            nextChunk += 1
            position = 0
        }
        let record = records[position]
        if let previousDigest, !previousDigest.lexicographicallyPrecedes(record.digest) {
            throw ArchiveStoreError(
                .corrupted, "layer \(layerID.short) is not sorted by digest at \(HexCoding.encode(record.digest))")
        }
        return record
    }

    /// Moves past the current record (call only after ``head()`` returned one).
    mutating func advance() throws {
        guard position < records.count else { return }
        previousDigest = records[position].digest
        position += 1
    }
}
