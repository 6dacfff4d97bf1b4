import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

@Suite struct SnapshotTests {
    private func layer(_ repo: Repository, seed: UInt64, records: UInt64) async throws -> LayerRef {
        let chunk = try await repo.saveChunk(TestData.bytes(seed: seed, count: 500)).id
        return try await repo.saveLayer(Layer(chunks: [chunk], recordCount: records, tombstoneCount: 1, byteCount: 500))
    }

    @Test func saveLoadListResolveRemove() async throws {
        let repo = try await TestRepository.make()
        var table = PartitionTable()
        let base = try await layer(repo, seed: 1, records: 10)
        table = table.pushing(base, onto: 0).pushing(base, onto: 4095)
        var snapshot = Snapshot(
            time: Date(timeIntervalSince1970: 1_700_000_000.25), tags: ["daily"], clusterName: "c1", namespace: "test",
            sets: ["s1"], binFilter: ["a"], scanWindow: ScanWindow(lastUpdateFrom: 5, lastUpdateTo: 6), recordCount: 20,
            metadata: ["sindex": try await repo.saveChunk(Array("[]".utf8), type: .tree).id])
        let first = try await repo.saveSnapshot(snapshot, partitions: table)

        // An incremental: the parent's layers are referenced, not copied.
        let top = try await layer(repo, seed: 2, records: 3)
        snapshot.parent = first
        snapshot.time = snapshot.time.addingTimeInterval(60)
        let second = try await repo.saveSnapshot(snapshot, partitions: table.pushing(top, onto: 0))

        let reopened = try await TestRepository.reopen(repo)
        let loaded = try await reopened.loadSnapshot(second)
        #expect(loaded.parent == first)
        #expect(loaded.tags == ["daily"])
        #expect(loaded.time == snapshot.time)
        #expect(loaded.scanWindow == ScanWindow(lastUpdateFrom: 5, lastUpdateTo: 6))
        let loadedTable = try await reopened.loadPartitionTable(loaded)
        #expect(loadedTable.stacks[0] == [base, top])
        #expect(loadedTable.stacks[4095] == [base])
        #expect(loadedTable.stacks[1].isEmpty)
        #expect(try await reopened.loadLayer(top.id).recordCount == 3)
        #expect(loaded.partitionTable.count == 16)
        // Unchanged partition groups dedup: the two tables share 15 of 16 blobs.
        let firstTable = try await reopened.loadSnapshot(first).partitionTable
        #expect(Set(firstTable).intersection(loaded.partitionTable).count == 15)

        #expect(try await reopened.listSnapshots().map(\.id) == [first, second])
        #expect(try await reopened.resolveSnapshot("latest") == second)
        #expect(try await reopened.resolveSnapshot(String(first.hex.prefix(8))) == first)
        await #expect(throws: ArchiveStoreError.self) { _ = try await reopened.resolveSnapshot("ab") }
        try await reopened.removeSnapshot(second)
        #expect(try await reopened.resolveSnapshot("latest") == first)
    }

    @Test func snapshotFileIsSmall() async throws {
        let repo = try await TestRepository.make()
        let ref = try await layer(repo, seed: 3, records: 1)
        var table = PartitionTable()
        for p in 0..<PartitionTable.partitionCount { table.stacks[p] = [ref, ref, ref] }
        let id = try await repo.saveSnapshot(Snapshot(namespace: "test"), partitions: table)
        #expect(try await repo.backend.stat(.snapshot, name: id.hex).size < 2048)
    }

    @Test func tamperedSnapshotIsCorruptionNamingTheFile() async throws {
        let backend = MemoryBackend()
        let repo = try await TestRepository.make(backend: backend)
        let id = try await repo.saveSnapshot(Snapshot(namespace: "test"), partitions: PartitionTable())
        backend.tamper(.snapshot, name: id.hex) { $0[$0.count - 5] ^= 4 }
        let error = await #expect(throws: ArchiveStoreError.self) { _ = try await repo.loadSnapshot(id) }
        #expect(error?.code == .corrupted)
        #expect(error?.message.contains("snapshots/\(id.hex)") == true)
    }

    @Test func partitionTableDecodingRejectsGaps() throws {
        let blobs = PartitionTable().encodeBlobs()
        let ids = blobs.indices.map { ID32(bytes: [UInt8](repeating: UInt8($0), count: 32))! }
        var pairs = Array(zip(ids, blobs)).map { (id: $0.0, bytes: $0.1) }
        #expect(try PartitionTable.decode(blobs: pairs) == PartitionTable())
        pairs.remove(at: 3)
        #expect(throws: ArchiveStoreError.self) { _ = try PartitionTable.decode(blobs: pairs) }
        #expect(throws: ArchiveStoreError.self) { _ = try PartitionTable.decode(blobs: [(ids[0], [1, 0, 0])]) }
    }
}
