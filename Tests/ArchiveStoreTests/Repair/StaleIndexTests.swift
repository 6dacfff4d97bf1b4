import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

/// Index files from an old copy of the repository put back after a prune (SPEC.md §8 "Reading",
/// §14 "repair index"): readers fall back to other locations, `repair index` rebuilds the index.
@Suite struct StaleIndexTests {
    typealias F = SnapshotFixture

    /// s1 forgotten and pruned with every unused byte reclaimed (s2's chunks repacked into new packs,
    /// old packs deleted), then the pre-prune index files restored beside the new ones. Small index
    /// files make it near certain that some stale entry is read first.
    static func replayedStaleIndex() async throws -> (backend: MemoryBackend, s2: SnapshotID, contents: [[ChunkID]]) {
        let backend = MemoryBackend()
        let options = Repository.WriteOptions(indexMaxEntries: 3)
        let repo = try await TestRepository.make(backend: backend, packSize: 4 << 10, writeOptions: options)
        let s1 = try await F.full(repo, base: 0)
        let s2 = try await F.full(repo, base: 2, partitions: 4).id
        try await repo.flush()
        let contents = try await F.contents(repo, s2)
        var oldIndex: [(String, [UInt8])] = []
        for file in try await backend.list(.index) {
            oldIndex.append((file.name, try await backend.load(.index, name: file.name)))
        }
        try await repo.removeSnapshot(s1.id)
        let pruner = Pruner(repository: repo)
        let plan = try await pruner.plan(PruneOptions(maxUnusedFraction: 0))
        #expect(!plan.repack.isEmpty)
        try await pruner.execute(plan)
        for (name, bytes) in oldIndex { try await backend.save(.index, name: name, bytes: bytes) }
        return (backend, s2, contents)
    }

    static func open(_ backend: MemoryBackend) async throws -> Repository {
        try await Repository.open(
            backend: backend, password: TestRepository.password, writeOptions: .init(indexMaxEntries: 3))
    }

    @Test func readerFallsBackToTheLivePack() async throws {
        let (backend, s2, contents) = try await Self.replayedStaleIndex()
        let repo = try await Self.open(backend)
        #expect(try await F.contents(repo, s2) == contents)
        // Every chunk the snapshot needs is available: a restore may start.
        let table = try await repo.loadPartitionTable(repo.loadSnapshot(s2))
        var chunks: [ChunkID] = []
        for stack in table.stacks { for ref in stack { chunks += try await repo.loadLayer(ref.id).chunks } }
        #expect(try await repo.unavailableChunks(chunks).isEmpty)
    }

    @Test func checkNamesTheMissingPacksAndRepairIndexFixesIt() async throws {
        let (backend, s2, contents) = try await Self.replayedStaleIndex()
        let before = try await Checker(repository: Self.open(backend)).run()
        #expect(!before.problems.isEmpty)
        #expect(before.problems.allSatisfy { $0.message.contains("is missing") }, "\(before.problems)")
        #expect(before.problems.allSatisfy { $0.message.contains("repair index") })

        let repo = try await Repository.open(
            backend: backend, password: TestRepository.password, writeOptions: .init(indexMaxEntries: 3), loadIndex: false)
        let oldIndexFiles = Set(try await backend.list(.index).map(\.name))
        let report = try await repo.repairIndex()
        #expect(report.packsRead == (try await backend.list(.pack).count))
        #expect(report.unreadablePacks.isEmpty)
        #expect(report.missingPacks > 0)
        #expect(report.indexFilesRemoved == oldIndexFiles.count)
        let now = Set(try await backend.list(.index).map(\.name))
        #expect(now == Set(report.indexFilesWritten))
        #expect(now.isDisjoint(with: oldIndexFiles))
        // The same session reads the new index; a fresh one checks clean, data included.
        #expect(try await F.contents(repo, s2) == contents)
        let after = try await Checker(repository: Self.open(backend)).run(CheckOptions(readData: .all))
        #expect(after.problems.isEmpty, "\(after.problems)")
    }

    /// A damaged index file stops `open`, but `repair index` opens without the index and replaces it.
    @Test func repairIndexReplacesADamagedIndexFile() async throws {
        let backend = MemoryBackend()
        let repo = try await TestRepository.make(backend: backend, packSize: 4 << 10)
        let s = try await F.full(repo, base: 7).id
        let contents = try await F.contents(repo, s)
        let victim = try #require(try await backend.list(.index).first?.name)
        backend.tamper(.index, name: victim) { $0[$0.count / 2] ^= 0x10 }
        await #expect(throws: ArchiveStoreError.self) { _ = try await Self.open(backend) }
        let bare = try await Repository.open(backend: backend, password: TestRepository.password, loadIndex: false)
        let report = try await bare.repairIndex()
        #expect(report.damagedIndexFiles == [victim])
        #expect(try await F.contents(Self.open(backend), s) == contents)
    }

    /// A chunk in no pack at all is reported before any write could start.
    @Test func unavailableChunksNamesUnindexedAndMissing() async throws {
        let backend = MemoryBackend()
        let repo = try await TestRepository.make(backend: backend, packSize: 4 << 10)
        let (stored, _) = try await repo.saveChunk(TestData.bytes(seed: 1, count: 900))
        try await repo.flush()
        let unknown = ID32(bytes: [UInt8](repeating: 7, count: 32))!
        #expect(try await repo.unavailableChunks([stored]).isEmpty)
        let pack = try #require(await repo.location(of: stored)?.pack)
        try await backend.remove(.pack, name: pack.hex)
        let missing = try await repo.unavailableChunks([stored, unknown])
        #expect(missing.map(\.chunk) == [stored, unknown])
        #expect(missing[0].reason.contains(pack.hex))
        #expect(missing[1].reason.contains("not in the index"))
    }
}
