import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

@Suite struct PrunerTests {
    typealias F = SnapshotFixture

    /// s1 (forgotten), s2 and s3 = s2 + one layer; chunk writes interleave so packs mix live and dead chunks.
    private func makeRepository(backend: MemoryBackend = MemoryBackend()) async throws
        -> (repo: Repository, s1: SnapshotID, s2: SnapshotID, s3: SnapshotID)
    {
        let repo = try await TestRepository.make(backend: backend, packSize: 4 << 10)
        let s1 = try await F.full(repo, base: 0)
        let s2 = try await F.full(repo, base: 2, partitions: 4)  // shares chunks 2,3 of each partition with s1
        let s3 = try await F.incremental(repo, parent: s2, base: 50_000)
        return (repo, s1.id, s2.id, s3.id)
    }

    @Test func reclaimsSpaceAndKeepsEverySurvivor() async throws {
        let backend = MemoryBackend()
        let (repo, s1, s2, s3) = try await makeRepository(backend: backend)
        let before2 = try await F.contents(repo, s2)
        let before3 = try await F.contents(repo, s3)
        let s1Only = try await F.contents(repo, s1).flatMap { $0 }
        try await repo.removeSnapshot(s1)
        let bytesBefore = try await F.packBytes(backend)

        let pruner = Pruner(repository: repo)
        let plan = try await pruner.plan(PruneOptions(maxUnusedFraction: 0))
        #expect(!plan.isEmpty)
        #expect(plan.deadChunks > 0)
        #expect(plan.bytesBefore == bytesBefore)
        try await pruner.execute(plan)

        #expect(try await F.packBytes(backend) < bytesBefore)
        let reopened = try await TestRepository.reopen(repo)
        #expect(try await F.contents(reopened, s2) == before2)
        #expect(try await F.contents(reopened, s3) == before3)
        // With threshold 0 every unused byte goes: the repository holds exactly the live chunks.
        let report = try await Checker(repository: reopened).run(CheckOptions(readData: .all))
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.hints.isEmpty)
        #expect(await reopened.indexedChunkCount == report.referencedChunks)
        #expect(s1Only.count == 12)
        // The same pruner (same process) sees the new index right away.
        #expect(try await F.contents(repo, s3) == before3)
        // A second prune has nothing to do.
        #expect(try await Pruner(repository: reopened).plan(PruneOptions(maxUnusedFraction: 0)).isEmpty)
    }

    @Test func executeReportsProgress() async throws {
        let (repo, s1, _, _) = try await makeRepository()
        try await repo.removeSnapshot(s1)
        final class Events: @unchecked Sendable {
            // @unchecked: `list` is only touched under `lock`.
            let lock = NSLock()
            var list: [String] = []
        }
        let events = Events()
        let pruner = Pruner(repository: repo) { event in
            events.lock.withLock { events.list.append("\(event)") }
        }
        let plan = try await pruner.plan(PruneOptions(maxUnusedFraction: 0))
        try await pruner.execute(plan)
        let list = events.lock.withLock { events.list }
        #expect(list.filter { $0.hasPrefix("repacked") }.count == plan.repack.count)
        #expect(list.contains("indexSaved(files: 1)"))
        #expect(list.last == "removed(done: \(plan.indexFiles.count + plan.delete.count + plan.repack.count), "
            + "total: \(plan.indexFiles.count + plan.delete.count + plan.repack.count))")
    }

    @Test func forgettingTheParentKeepsTheChildsLayers() async throws {
        let (repo, _, s2, s3) = try await makeRepository()
        let before3 = try await F.contents(repo, s3)
        try await repo.removeSnapshot(s2)
        let pruner = Pruner(repository: repo)
        try await pruner.execute(try await pruner.plan(PruneOptions(maxUnusedFraction: 0)))
        let reopened = try await TestRepository.reopen(repo)
        #expect(try await F.contents(reopened, s3) == before3)
        #expect(try await Checker(repository: reopened).run(CheckOptions(readData: .all)).isClean)
    }

    @Test func thresholdDecidesBetweenKeepAndRepack() async throws {
        let (repo, s1, _, _) = try await makeRepository()
        try await repo.removeSnapshot(s1)
        let pruner = Pruner(repository: repo)
        let strict = try await pruner.plan(PruneOptions(maxUnusedFraction: 0))
        let lax = try await pruner.plan(PruneOptions(maxUnusedFraction: 1))
        #expect(!strict.repack.isEmpty)
        #expect(lax.repack.isEmpty)
        #expect(lax.delete == strict.delete)
        #expect(Set(lax.keep) == Set(strict.keep + strict.repack))
        #expect(strict.bytesRepacked > 0)
    }

    @Test func dryRunPlanChangesNothing() async throws {
        let backend = MemoryBackend()
        let (repo, s1, _, _) = try await makeRepository(backend: backend)
        try await repo.removeSnapshot(s1)
        let packs = try await backend.list(.pack).map(\.name).sorted()
        let indexes = try await backend.list(.index).map(\.name).sorted()
        _ = try await Pruner(repository: repo).plan()
        #expect(try await backend.list(.pack).map(\.name).sorted() == packs)
        #expect(try await backend.list(.index).map(\.name).sorted() == indexes)
    }

    @Test func removesPacksNoIndexNames() async throws {
        let backend = MemoryBackend()
        let (repo, _, s2, _) = try await makeRepository(backend: backend)
        // A writer that uploads packs and dies before writing their index.
        let writer = try await TestRepository.reopen(repo)
        for seed in 900_000..<900_020 { _ = try await writer.saveChunk(TestData.bytes(seed: UInt64(seed), count: 700)) }
        let reopened = try await TestRepository.reopen(repo)
        let hinted = try await Checker(repository: reopened).run()
        #expect(hinted.isClean)
        #expect(!hinted.hints.isEmpty)
        let plan = try await Pruner(repository: reopened).plan()
        #expect(!plan.unindexed.isEmpty)
        try await Pruner(repository: reopened).execute(plan)
        let after = try await Checker(repository: try await TestRepository.reopen(repo)).run()
        #expect(after.isClean)
        #expect(after.hints.isEmpty)
        #expect(try await F.contents(reopened, s2).count == 4)
    }

    @Test func refusesWhenALiveChunkIsMissing() async throws {
        let backend = MemoryBackend()
        let (repo, _, s2, _) = try await makeRepository(backend: backend)
        let layer = try await repo.loadPartitionTable(try await repo.loadSnapshot(s2)).stacks[3][0]
        let chunk = try await repo.loadLayer(layer.id).chunks[0]
        let pack = try #require(await repo.location(of: chunk)).pack
        try await backend.remove(.pack, name: pack.hex)
        let packs = try await backend.list(.pack).count
        let error = await #expect(throws: ArchiveStoreError.self) { _ = try await Pruner(repository: repo).plan() }
        #expect(error?.code == .corrupted)
        #expect(try await backend.list(.pack).count == packs)
    }

    @Test func tree_metadataChunksStayLive() async throws {
        let repo = try await TestRepository.make(packSize: 4 << 10)
        let leaf = try await repo.saveChunk(TestData.bytes(seed: 77, count: 300)).id
        let nested = try await repo.saveChunk(TestData.bytes(seed: 78, count: 300)).id
        // An unknown tree format embedding ids at odd offsets: kept by the conservative scan.
        let unknownTree = try await repo.saveChunk([9, 9, 9] + leaf.bytes + [1] + nested.bytes, type: .tree).id
        let json = try await repo.saveChunk(Array("{\"sindex\":[]}".utf8)).id
        let s = try await F.full(repo, base: 5, partitions: 1, metadata: ["custom": unknownTree, "cluster-metadata": json])
        _ = try await F.full(repo, base: 700_000, partitions: 1).id  // another snapshot to forget
        for (id, snap) in try await repo.listSnapshots() where id != s.id { try await repo.removeSnapshot(id); _ = snap }
        let pruner = Pruner(repository: repo)
        try await pruner.execute(try await pruner.plan(PruneOptions(maxUnusedFraction: 0)))
        let reopened = try await TestRepository.reopen(repo)
        for id in [leaf, nested, unknownTree, json] { #expect(await reopened.has(id)) }
        #expect(try await Checker(repository: reopened).run(CheckOptions(readData: .all)).isClean)
    }

    @Test func checkpointReferencesStayLive() async throws {
        let repo = try await TestRepository.make(packSize: 4 << 10)
        // An interrupted backup: a finished partition's layer and digest list, named only by its checkpoint.
        let layer = try await F.layer(repo, seeds: [31, 32, 33])
        let list = try await repo.saveChunk(TestData.bytes(seed: 34, count: 200)).id
        let stray = try await repo.saveChunk(TestData.bytes(seed: 35, count: 200)).id
        try await repo.flush()
        let body = "{\"outcomes\":[{\"digestList\":\"\(list.hex)\",\"stack\":[{\"id\":\"\(layer.id.hex)\"}]}]}"
        try await repo.saveCheckpoint(name: "fingerprint", body: Array(body.utf8))
        let pruner = Pruner(repository: repo)
        let plan = try await pruner.plan(PruneOptions(maxUnusedFraction: 0))
        #expect(plan.liveChunks == 5)  // layer blob, its 3 chunks, the digest list
        try await pruner.execute(plan)
        let reopened = try await TestRepository.reopen(repo)
        for id in try await reopened.loadLayer(layer.id).chunks + [list] { #expect(await reopened.has(id)) }
        #expect(!(await reopened.has(stray)))
    }

    @Test func registeredExpanderIsUsed() async throws {
        let repo = try await TestRepository.make(packSize: 4 << 10)
        let child = try await repo.saveChunk(TestData.bytes(seed: 91, count: 300)).id
        let grandchild = try await repo.saveChunk(TestData.bytes(seed: 92, count: 300)).id
        let inner = try await repo.saveChunk(grandchild.bytes.reversed(), type: .tree).id  // opaque encoding
        let root = try await repo.saveChunk(child.bytes + inner.bytes, type: .tree).id
        _ = try await F.full(repo, base: 1, partitions: 1, metadata: ["list": root])
        let expanders = MetadataExpanders(["list": { bytes, load in
            let a = ChunkID(bytes: Array(bytes[0..<32]))!
            let b = ChunkID(bytes: Array(bytes[32..<64]))!
            let c = ChunkID(bytes: Array(try await load(b).reversed()))!
            return [a, b, c]
        }])
        let plan = try await Pruner(repository: repo, expanders: expanders).plan(PruneOptions(maxUnusedFraction: 0))
        #expect(plan.isEmpty)
        // Without the expander the opaque grandchild would be dead.
        let blind = try await Pruner(repository: repo).plan(PruneOptions(maxUnusedFraction: 0))
        #expect(blind.deadChunks == 1)
    }
}
