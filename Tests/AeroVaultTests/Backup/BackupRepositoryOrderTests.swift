import AeroVault
import AeroVaultTestSupport
import ArchiveStore
import Synchronization
import Testing

/// The backup engine through a ``BackupRepository`` that journals every call: the write order SPEC.md
/// §11 promises (chunks flushed before the checkpoint that names them; `saveSnapshot` flushes itself
/// before the manifest), and a manifest that fails to save fails the backup — checked on the engine's
/// repository interface alone.
@Suite struct BackupRepositoryOrderTests {
    /// Forwards to a real repository and journals each write; optionally refuses the manifest.
    final class JournalingRepository: BackupRepository {
        enum Event: Equatable { case chunk, flush, checkpoint, snapshot }
        let base: Repository
        let failSnapshotSave: Bool
        private let log = Mutex<[Event]>([])

        init(_ base: Repository, failSnapshotSave: Bool = false) {
            self.base = base
            self.failSnapshotSave = failSnapshotSave
        }

        var events: [Event] { log.withLock { $0 } }
        private func record(_ event: Event) { log.withLock { $0.append(event) } }

        func saveChunk(_ plaintext: [UInt8], type: ChunkType) async throws -> (id: ChunkID, stored: Bool) {
            let saved = try await base.saveChunk(plaintext, type: type)
            if saved.stored { record(.chunk) }
            return saved
        }
        func flush() async throws {
            try await base.flush()
            record(.flush)
        }
        func saveSnapshot(_ snapshot: Snapshot, partitions table: PartitionTable) async throws -> SnapshotID {
            if failSnapshotSave { throw ArchiveStoreError(.io, "injected: the manifest cannot be written") }
            record(.snapshot)
            return try await base.saveSnapshot(snapshot, partitions: table)
        }
        func saveCheckpoint(name: String, body: [UInt8]) async throws {
            record(.checkpoint)
            try await base.saveCheckpoint(name: name, body: body)
        }

        func loadChunk(_ id: ChunkID) async throws -> [UInt8] { try await base.loadChunk(id) }
        func loadLayer(_ id: ChunkID) async throws -> Layer { try await base.loadLayer(id) }
        func chunkID(of plaintext: [UInt8]) -> ChunkID { base.chunkID(of: plaintext) }
        var compressionLevel: Int32 { base.compressionLevel }
        func makeChunker() -> RecordChunker { base.makeChunker() }
        func saveLayer(_ layer: Layer) async throws -> LayerRef { try await base.saveLayer(layer) }
        func location(of id: ChunkID) async -> ChunkLocation? { await base.location(of: id) }
        func indexedBytes() async -> Int { await base.indexedBytes() }
        func countChunks(_ ids: [ChunkID], ofType type: ChunkType) async -> Int {
            await base.countChunks(ids, ofType: type)
        }
        var canReadRecordData: Bool { base.canReadRecordData }
        func listSnapshots() async throws -> [(id: SnapshotID, snapshot: Snapshot)] { try await base.listSnapshots() }
        func resolveSnapshot(_ text: String) async throws -> SnapshotID { try await base.resolveSnapshot(text) }
        func loadSnapshot(_ id: SnapshotID) async throws -> Snapshot { try await base.loadSnapshot(id) }
        func loadPartitionTable(_ snapshot: Snapshot) async throws -> PartitionTable {
            try await base.loadPartitionTable(snapshot)
        }
        func loadCheckpoint(name: String) async throws -> [UInt8]? { try await base.loadCheckpoint(name: name) }
        func removeCheckpoint(name: String) async throws { try await base.removeCheckpoint(name: name) }
        func saveRunPart(body: [UInt8]) async throws -> ID32 { try await base.saveRunPart(body: body) }
        func listRunParts() async throws -> [String] { try await base.listRunParts() }
        func loadRunPart(_ name: String) async throws -> [UInt8] { try await base.loadRunPart(name) }
        func createAssemblyClaim(name: String, info: LockInfo) async throws -> Bool {
            try await base.createAssemblyClaim(name: name, info: info)
        }
        func loadAssemblyClaim(name: String) async throws -> LockInfo? { try await base.loadAssemblyClaim(name: name) }
        func runFileExists(_ kind: FileKind, name: String) async throws -> Bool {
            try await base.runFileExists(kind, name: name)
        }
        func removeRunFile(_ kind: FileKind, name: String) async throws { try await base.removeRunFile(kind, name: name) }
    }

    /// Positions of checkpoints saved while a chunk stored before them was not yet flushed (a manifest
    /// save flushes first, so it ends the pending run too).
    static func unflushedWrites(_ events: [JournalingRepository.Event]) -> [Int] {
        var pending = false
        var bad: [Int] = []
        for (at, event) in events.enumerated() {
            switch event {
            case .chunk: pending = true
            case .flush, .snapshot: pending = false
            case .checkpoint: if pending { bad.append(at) }
            }
        }
        return bad
    }

    @Test func chunksAreFlushedBeforeEveryCheckpoint() async throws {
        let f = try await FakeBackupFixture()
        let journal = JournalingRepository(f.repository)
        for round in 0..<2 {
            if round == 1 {
                f.clock.advance(seconds: 60)
                f.source.put(FakeBackupSource.digest(partition: 3, 9), value: [3, 9])
            }
            var config = BackupConfiguration(namespace: "test")
            config.partitions = BackupEngineFakeSourceTests.partitions
            config.checkpointEveryPartitions = 2
            config.parallel = 1  // one partition at a time: no other partition's chunk between flush and checkpoint
            _ = try await BackupEngine(cluster: f.source, repository: journal, configuration: config, clock: f.clock).run()
        }
        let events = journal.events
        #expect(events.filter { $0 == .snapshot }.count == 2)
        #expect(events.contains(.checkpoint))
        #expect(events.filter { $0 == .chunk }.count > 8)
        #expect(Self.unflushedWrites(events) == [], "\(events)")
        #expect(events.last == .snapshot)
    }

    @Test func aManifestThatCannotBeSavedFailsTheBackup() async throws {
        let f = try await FakeBackupFixture()
        var config = BackupConfiguration(namespace: "test")
        config.partitions = BackupEngineFakeSourceTests.partitions
        let failing = JournalingRepository(f.repository, failSnapshotSave: true)
        await #expect(throws: ArchiveStoreError.self) {
            _ = try await BackupEngine(cluster: f.source, repository: failing, configuration: config, clock: f.clock).run()
        }
        #expect(try await f.repository.listSnapshots().isEmpty)
        // The same backup through the real repository then succeeds, with every record.
        let summary = try await BackupEngine(cluster: f.source, repository: f.repository, configuration: config, clock: f.clock).run()
        try await f.expectSnapshotMatchesSource(summary)
    }
}
