import ArchiveStore

/// `backup --dry-run` (SPEC.md §14 "backup", "Dry run"): a ``BackupRepository`` over the real one that
/// reads through to it and stores nothing. A chunk the repository (or this run) already holds is a
/// duplicate; any other is counted as new. New tree chunks (layer chunk lists, digest lists,
/// metadata: small) are kept in memory so the run can read them back; new data chunks are only counted, which is why
/// a dry run never compacts (``BackupEngine/dryRun()``). Checkpoints are neither read nor written.
actor DryRunRepository: BackupRepository {
    private let base: any BackupRepository
    private var trees: [ChunkID: [UInt8]] = [:]
    private var newData = Set<ChunkID>()
    /// Chunks the run would store, and their plaintext bytes.
    private(set) var newChunks = 0
    private(set) var newBytes = 0

    init(base: any BackupRepository) { self.base = base }

    nonisolated func chunkID(of plaintext: [UInt8]) -> ChunkID { base.chunkID(of: plaintext) }
    nonisolated var compressionLevel: Int32 { base.compressionLevel }
    nonisolated func makeChunker() -> RecordChunker { base.makeChunker() }
    nonisolated var canReadRecordData: Bool { base.canReadRecordData }
    func location(of id: ChunkID) async -> ChunkLocation? { await base.location(of: id) }
    func indexedBytes() async -> Int { await base.indexedBytes() }
    func countChunks(_ ids: [ChunkID], ofType type: ChunkType) async -> Int { await base.countChunks(ids, ofType: type) }

    func saveChunk(_ plaintext: [UInt8], type: ChunkType) async throws -> (id: ChunkID, stored: Bool) {
        let id = base.chunkID(of: plaintext)
        if trees[id] != nil || newData.contains(id) { return (id, false) }
        if await base.location(of: id) != nil { return (id, false) }
        newChunks += 1
        newBytes += plaintext.count
        if type == .data { newData.insert(id) } else { trees[id] = plaintext }
        return (id, true)
    }

    func flush() async throws {}

    func saveLayer(_ layer: Layer) async throws -> LayerRef {
        let (id, _) = try await saveChunk(layer.encode(), type: .tree)
        return LayerRef(id: id, recordCount: layer.recordCount, tombstoneCount: layer.tombstoneCount)
    }

    /// Saves nothing (the manifest and its partition table, 16 small tree chunks, are not counted);
    /// the id is the keyed hash of nothing, never a real snapshot's.
    func saveSnapshot(_ snapshot: Snapshot, partitions table: PartitionTable) async throws -> SnapshotID {
        base.chunkID(of: [])
    }

    func loadChunk(_ id: ChunkID) async throws -> [UInt8] {
        if let tree = trees[id] { return tree }
        return try await base.loadChunk(id)
    }

    /// The parent's layers; a dry run never reads back a layer it made (it does not compact).
    func loadLayer(_ id: ChunkID) async throws -> Layer { try await base.loadLayer(id) }

    func listSnapshots() async throws -> [(id: SnapshotID, snapshot: Snapshot)] { try await base.listSnapshots() }
    func resolveSnapshot(_ text: String) async throws -> SnapshotID { try await base.resolveSnapshot(text) }
    func loadSnapshot(_ id: SnapshotID) async throws -> Snapshot { try await base.loadSnapshot(id) }
    func loadPartitionTable(_ snapshot: Snapshot) async throws -> PartitionTable { try await base.loadPartitionTable(snapshot) }

    func loadCheckpoint(name: String) async throws -> [UInt8]? { nil }
    func saveCheckpoint(name: String, body: [UInt8]) async throws {}
    func removeCheckpoint(name: String) async throws {}

    // A dry run is one process: run parts are never written or read.
    func saveRunPart(body: [UInt8]) async throws -> ID32 { throw Self.noRuns }
    func listRunParts() async throws -> [String] { [] }
    func loadRunPart(_ name: String) async throws -> [UInt8] { throw Self.noRuns }
    func createAssemblyClaim(name: String, info: LockInfo) async throws -> Bool { throw Self.noRuns }
    func loadAssemblyClaim(name: String) async throws -> LockInfo? { nil }
    func runFileExists(_ kind: FileKind, name: String) async throws -> Bool { false }
    func removeRunFile(_ kind: FileKind, name: String) async throws {}

    private static let noRuns = AeroVaultError(.invalidArgument, "a --dry-run backup takes no --worker")
}
