/// Reads one partition of a snapshot (SPEC.md §9 "Merge"): a streaming k-way merge of its layer
/// stack by digest (ascending bytewise). Where several layers hold the same digest the newest layer
/// wins; a winning tombstone hides the record and is not returned.
///
/// The merge works on encoded records (``RecordView``): only a winner that the caller asks for as
/// an ``ArchiveRecord`` is decoded. Memory: one chunk per layer at a time. Every chunk is verified
/// on load, every record in it is checked as ``RecordCodec/decode(_:at:)`` checks it, and a layer
/// whose records are not strictly ascending is reported as `.corrupted`.
public final class LayerMerger {
    private var cursors: [LayerCursor]

    /// - Parameter stack: layers oldest first, as in ``PartitionTable/stacks``.
    public init(loader: any LayerLoader, stack: [LayerRef]) {
        cursors = stack.map { LayerCursor(loader: loader, layerID: $0.id) }
    }

    /// The next live record in digest order, encoded, or nil at the end.
    public func nextView() async throws -> RecordView? {
        if cursors.count == 1 {
            // One layer (a full backup): nothing to compare, only tombstones to drop.
            while let record = try await cursors[0].head() {
                try cursors[0].advance()
                if !record.isTombstone { return record }
            }
            return nil
        }
        while true {
            var winner: RecordView?
            for i in cursors.indices {
                guard let head = try await cursors[i].head() else { continue }
                // Later cursor = newer layer: an equal digest replaces the winner so far.
                if let w = winner, w.digest < head.digest { continue }
                winner = head
            }
            guard let record = winner else { return nil }
            for i in cursors.indices where try await cursors[i].head()?.digest == record.digest {
                try cursors[i].advance()
            }
            if !record.isTombstone { return record }
        }
    }

    /// The next live record in digest order, or nil at the end.
    public func next() async throws -> ArchiveRecord? {
        try await nextView()?.decoded()
    }

    /// Calls `body` for every live record in digest order.
    public func forEach(_ body: (ArchiveRecord) async throws -> Void) async throws {
        while let record = try await next() { try await body(record) }
    }

    /// Calls `body` for every live record in digest order, encoded (nothing decoded or copied).
    public func forEachView(_ body: (RecordView) async throws -> Void) async throws {
        while let record = try await nextView() { try await body(record) }
    }
}

/// Walks one layer's records, loading one chunk at a time.
struct LayerCursor {
    private let loader: any LayerLoader
    private let layerID: ChunkID
    private var chunkIDs: [ChunkID]?
    private var nextChunk = 0
    private var chunk: [UInt8] = []
    private var offset = 0
    private var current: RecordView?
    private var previousDigest: RecordDigest?

    init(loader: any LayerLoader, layerID: ChunkID) {
        self.loader = loader
        self.layerID = layerID
    }

    /// The current record, loading the layer and the next chunk as needed; nil when exhausted.
    mutating func head() async throws -> RecordView? {
        if let current { return current }
        if chunkIDs == nil { chunkIDs = try await loader.loadLayer(layerID).chunks }
        while offset == chunk.count {
            guard let ids = chunkIDs, nextChunk < ids.count else { return nil }
            chunk = try await loader.loadChunk(ids[nextChunk])
            nextChunk += 1
            offset = 0
        }
        let record = try RecordView(chunk, at: &offset)
        if let previousDigest, !(previousDigest < record.digest) {
            throw ArchiveStoreError(.corrupted, "layer \(layerID.short) is not sorted by digest at \(record.digest)")
        }
        current = record
        return record
    }

    /// Moves past the current record (call only after ``head()`` returned one).
    mutating func advance() throws {
        guard let current else { return }
        previousDigest = current.digest
        self.current = nil
    }
}
