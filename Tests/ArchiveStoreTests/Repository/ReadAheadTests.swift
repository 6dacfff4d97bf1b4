import ArchiveStoreTestSupport
import Testing
@testable import ArchiveStore

/// Read-ahead for object stores (SPEC.md §7 "Reading a chunk"): one request serves the chunks that
/// follow in the pack, every chunk is still verified on its own, and a damaged or truncated pack
/// falls back to reading the chunk alone.
@Suite struct ReadAheadTests {
    /// 40 chunks of 1 000 bytes in packs of about 16 KiB, reopened as a new process would (empty windows).
    private func makeRepository(readAhead: Int) async throws -> (Repository, MemoryBackend, [ChunkID]) {
        let backend = MemoryBackend(readAhead: readAhead)
        let writer = try await TestRepository.make(backend: backend, packSize: 16 << 10)
        var ids: [ChunkID] = []
        for n in 0..<40 { ids.append(try await writer.saveChunk(TestData.bytes(seed: UInt64(n), count: 1000)).id) }
        try await writer.flush()
        return (try await TestRepository.reopen(writer), backend, ids)
    }

    @Test func oneRequestServesTheChunksThatFollow() async throws {
        let (repo, backend, ids) = try await makeRepository(readAhead: 64 << 10)
        let packs = Set(try await backend.list(.pack).map(\.name))
        try #require(packs.count >= 2)
        for (n, id) in ids.enumerated() { #expect(try await repo.loadChunk(id) == TestData.bytes(seed: UInt64(n), count: 1000)) }
        // A window covers a whole 16 KiB pack, so each pack is read once.
        #expect(backend.loadCount(.pack) == packs.count)

        let (exact, exactBackend, exactIDs) = try await makeRepository(readAhead: 0)
        for id in exactIDs { _ = try await exact.loadChunk(id) }
        #expect(exactBackend.loadCount(.pack) == exactIDs.count)
    }

    @Test func concurrentReadersShareOneWindow() async throws {
        let (repo, backend, ids) = try await makeRepository(readAhead: 64 << 10)
        let first = try #require(await repo.location(of: ids[0]))
        let samePack = try await ids.asyncFilter { try await repo.location(of: $0)?.pack == first.pack }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for id in samePack { group.addTask { try await repo.loadChunk(id).count } }
            for try await count in group { #expect(count == 1000) }
        }
        #expect(backend.loadCount(.pack) == 1)
    }

    @Test func aDamagedChunkInAWindowIsStillCorruption() async throws {
        let (repo, backend, ids) = try await makeRepository(readAhead: 64 << 10)
        let location = try #require(await repo.location(of: ids[2]))
        backend.tamper(.pack, name: location.pack.hex) { $0[Int(location.offset) + 30] ^= 0x04 }
        let error = await #expect(throws: ArchiveStoreError.self) { _ = try await repo.loadChunk(ids[2]) }
        #expect(error?.code == .corrupted)
        #expect(error?.message.contains(location.pack.hex) == true)
        #expect(try await repo.loadChunk(ids[1]).count == 1000)
        #expect(try await repo.loadChunk(ids[3]).count == 1000)
    }

    @Test func aTruncatedPackStillYieldsTheChunksBeforeTheCut() async throws {
        let (repo, backend, ids) = try await makeRepository(readAhead: 64 << 10)
        let last = try #require(await repo.location(of: ids[5]))
        let early = try #require(await repo.location(of: ids[0]))
        try #require(last.pack == early.pack)
        backend.tamper(.pack, name: last.pack.hex) { $0.removeSubrange(Int(last.offset)...) }
        // The window past the cut fails; the chunk alone is read instead.
        #expect(try await repo.loadChunk(ids[0]) == TestData.bytes(seed: 0, count: 1000))
        let error = await #expect(throws: ArchiveStoreError.self) { _ = try await repo.loadChunk(ids[5]) }
        #expect(error?.code == .corrupted)
    }
}

extension Array where Element: Sendable {
    fileprivate func asyncFilter(_ keep: (Element) async throws -> Bool) async rethrows -> [Element] {
        var kept: [Element] = []
        for element in self where try await keep(element) { kept.append(element) }
        return kept
    }
}
