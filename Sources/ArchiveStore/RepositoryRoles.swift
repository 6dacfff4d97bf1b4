/// Narrow views of a ``Repository`` for the engines: each engine takes only the role it needs, so
/// tests can substitute small fakes. ``Repository`` conforms to all of them.

/// Reads chunks and the tree structures stored in them.
public protocol ChunkLoader: Sendable {
    /// Loads and verifies a chunk. - Throws: `.notFound`, `.corrupted` naming the pack.
    func loadChunk(_ id: ChunkID) async throws -> [UInt8]
}

/// Stores chunks with dedup.
public protocol ChunkSaver: Sendable {
    /// Stores a chunk unless present; returns its id and whether this call stored it.
    func saveChunk(_ plaintext: [UInt8], type: ChunkType) async throws -> (id: ChunkID, stored: Bool)
    /// Makes every chunk saved so far durable and indexed.
    func flush() async throws
}

/// Reads layers: what merging a partition's records needs (``LayerMerger``).
public protocol LayerLoader: ChunkLoader {
    func loadLayer(_ id: ChunkID) async throws -> Layer
}

/// Finds and reads snapshots.
public protocol SnapshotLister: LayerLoader {
    func listSnapshots() async throws -> [(id: SnapshotID, snapshot: Snapshot)]
    /// Every readable snapshot plus the files skipped because they cannot be read.
    func listReadableSnapshots() async throws -> SnapshotListing
    func loadSnapshot(_ id: SnapshotID) async throws -> Snapshot
    /// `"latest"` or a unique id prefix.
    func resolveSnapshot(_ text: String) async throws -> SnapshotID
    func loadPartitionTable(_ snapshot: Snapshot) async throws -> PartitionTable
    /// Which of `ids` cannot be read (not indexed, or only in missing packs), with the reason.
    func unavailableChunks(_ ids: [ChunkID]) async throws -> [(chunk: ChunkID, reason: String)]
}

/// Writes layers, partition tables and snapshot manifests.
public protocol SnapshotSaver: ChunkSaver {
    func saveLayer(_ layer: Layer) async throws -> LayerRef
    func saveSnapshot(_ snapshot: Snapshot, partitions table: PartitionTable) async throws -> SnapshotID
}

extension Repository: SnapshotLister, SnapshotSaver {}
