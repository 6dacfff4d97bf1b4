import AeroVault
import AeroVaultTestSupport
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

/// Restore from a repository whose pre-prune index files were put back (SPEC.md §8 "Reading"), and
/// restore's check before the first write (SPEC.md §14 "restore").
@Suite struct RestoreStaleIndexTests {
    typealias M = ManageFixture

    /// s1 (forgotten) and s2, their layers written partition by partition in turn so packs mix both;
    /// pruned with every unused byte reclaimed, then the old index files restored.
    static func staleRepository() async throws -> (backend: MemoryBackend, s2: SnapshotID, records: Int) {
        let backend = MemoryBackend()
        let repo = try await TestRepository.make(
            backend: backend, packSize: 8 << 10, chunker: .default, writeOptions: .init(indexMaxEntries: 4))
        var first = PartitionTable()
        var second = PartitionTable()
        let old = (0..<400).map { M.record($0) }
        let new = (400..<700).map { M.record($0) }
        let byPartition = { (records: [ArchiveRecord]) in Dictionary(grouping: records) { M.partition(of: $0.digest) } }
        let (oldBy, newBy) = (byPartition(old), byPartition(new))
        for p in Set(oldBy.keys).union(newBy.keys).sorted() {
            first = try await M.push(oldBy[p] ?? [], onto: first, in: repo)
            second = try await M.push(newBy[p] ?? [], onto: second, in: repo)
        }
        let s1 = try await repo.saveSnapshot(Snapshot(time: Date(), host: "h", namespace: "test"), partitions: first)
        let s2 = try await repo.saveSnapshot(Snapshot(time: Date(), host: "h", namespace: "test"), partitions: second)
        var saved: [(String, [UInt8])] = []
        for file in try await backend.list(.index) { saved.append((file.name, try await backend.load(.index, name: file.name))) }
        try await repo.removeSnapshot(s1)
        let pruner = Pruner(repository: repo)
        try await pruner.execute(try await pruner.plan(PruneOptions(maxUnusedFraction: 0)))
        for (name, bytes) in saved { try await backend.save(.index, name: name, bytes: bytes) }
        return (backend, s2, new.count)
    }

    static func restore(_ backend: MemoryBackend, _ id: SnapshotID, into target: FakeRestoreTarget) async throws
        -> RestoreReport
    {
        let repo = try await Repository.open(backend: backend, password: TestRepository.password)
        let snapshot = try await repo.loadSnapshot(id)
        let source = try await RepositorySnapshotSource(loader: repo, snapshot: snapshot)
        return try await RestoreEngine(source: source, target: target, options: RestoreOptions(targetNamespace: "target"))
            .run(snapshot: .init(id: id, snapshot: snapshot))
    }

    @Test func restoreWritesEveryRecordDespiteStaleIndexFiles() async throws {
        let (backend, s2, records) = try await Self.staleRepository()
        let target = FakeRestoreTarget()
        let report = try await Self.restore(backend, s2, into: target)
        #expect(report.isComplete, "\(report.partitionsFailed.prefix(2))")
        #expect(report.counts.restored == records)
        #expect(target.written.count == records)
    }

    /// A chunk the snapshot needs lives in no existing pack: the restore refuses before writing
    /// anything, and says what to do.
    @Test func restoreThatCannotFinishNeverStarts() async throws {
        let (backend, s2, _) = try await Self.staleRepository()
        let repo = try await Repository.open(backend: backend, password: TestRepository.password)
        let snapshot = try await repo.loadSnapshot(s2)
        let table = try await repo.loadPartitionTable(snapshot)
        // A data chunk whose indexed pack exists (after the prune its only copy) and holds no
        // partition-table chunk (the table must still load).
        let existing = Set(try await backend.list(.pack).map(\.name))
        var tablePacks = Set<PackID>()
        for id in snapshot.partitionTable { if let pack = await repo.location(of: id)?.pack { tablePacks.insert(pack) } }
        var victim: PackID?
        for ref in table.stacks.joined() where victim == nil {
            for chunk in try await repo.loadLayer(ref.id).chunks {
                if let pack = await repo.location(of: chunk)?.pack, existing.contains(pack.hex), !tablePacks.contains(pack) {
                    victim = pack
                }
            }
        }
        let pack = try #require(victim)
        try await backend.remove(.pack, name: pack.hex)
        let target = FakeRestoreTarget()
        let error = await #expect(throws: AeroVaultError.self) { _ = try await Self.restore(backend, s2, into: target) }
        #expect(error?.message.contains("nothing was written") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("repair index") == true)
        #expect(target.written.isEmpty && target.batches.isEmpty)
    }
}
