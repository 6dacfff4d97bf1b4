import ArchiveStore

/// What ``BackupEngine`` needs of a repository, and nothing more: reading the parent snapshot, saving
/// chunks, layers and the manifest, and checkpoints. ``Repository`` is the real one; a test can wrap
/// or replace it (as ``BackupSource`` stands for the cluster and ``BackupClock`` for time).
///
/// The order of writes is the crash-safety contract of SPEC.md §11: the engine flushes before it saves
/// a checkpoint, and `saveSnapshot` (``SnapshotSaver``) makes every chunk saved so far durable and
/// indexed before the manifest exists.
public protocol BackupRepository: LayerLoader, SnapshotSaver {
    /// The keyed hash that names chunks (and, here, checkpoints: SPEC.md §17.6).
    func chunkID(of plaintext: [UInt8]) -> ChunkID
    /// The zstd level chunks are sealed with (`backup --estimate` compresses the same way).
    var compressionLevel: Int32 { get }
    /// A record chunker with the repository's parameters and keys (for a ``LayerWriter``).
    func makeChunker() -> RecordChunker
    /// Where an indexed chunk is stored; nil when it is not indexed.
    func location(of id: ChunkID) async -> ChunkLocation?
    /// The sealed bytes of every indexed chunk.
    func indexedBytes() async -> Int
    /// How many of `ids` are indexed chunks of `type`.
    func countChunks(_ ids: [ChunkID], ofType type: ChunkType) async -> Int
    /// False for a backup key: it can write record data but not read it (SPEC.md §3 "Backup keys"), so
    /// the engine never reads a parent's records with it (no compaction, no comparison).
    var canReadRecordData: Bool { get }

    func listSnapshots() async throws -> [(id: SnapshotID, snapshot: Snapshot)]
    /// `"latest"` or a unique id prefix.
    func resolveSnapshot(_ text: String) async throws -> SnapshotID
    func loadSnapshot(_ id: SnapshotID) async throws -> Snapshot
    func loadPartitionTable(_ snapshot: Snapshot) async throws -> PartitionTable

    func loadCheckpoint(name: String) async throws -> [UInt8]?
    func saveCheckpoint(name: String, body: [UInt8]) async throws
    func removeCheckpoint(name: String) async throws

    /// Parts and assembly claims of many-worker runs (SPEC.md §17.7, §17.8; `Repository+Runs`).
    func saveRunPart(body: [UInt8]) async throws -> ID32
    func listRunParts() async throws -> [String]
    func loadRunPart(_ name: String) async throws -> [UInt8]
    func createAssemblyClaim(name: String, info: LockInfo) async throws -> Bool
    func loadAssemblyClaim(name: String) async throws -> LockInfo?
    func runFileExists(_ kind: FileKind, name: String) async throws -> Bool
    func removeRunFile(_ kind: FileKind, name: String) async throws
}

extension Repository: BackupRepository {
    public nonisolated var compressionLevel: Int32 { config.compressionLevel }

    public func indexedBytes() -> Int {
        var total = 0
        forEachIndexedChunk { _, location in total += Int(location.length) }
        return total
    }
}
