import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

@Suite struct RepositoryTests {
    @Test func tenThousandChunksAcrossPacksReadBackAfterReopen() async throws {
        let repo = try await TestRepository.make(packSize: 32 << 10)
        var ids: [ChunkID] = []
        try await withThrowingTaskGroup(of: (Int, ChunkID).self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var last = ChunkID(bytes: [UInt8](repeating: 0, count: 32))!
                    for n in stride(from: worker, to: 10_000, by: 4) {
                        let (id, stored) = try await repo.saveChunk(TestData.bytes(seed: UInt64(n), count: 100 + n % 300))
                        #expect(stored)
                        last = id
                    }
                    return (worker, last)
                }
            }
            for try await _ in group {}
        }
        try await repo.flush()
        #expect(await repo.indexedChunkCount == 10_000)
        let packs = try await repo.backend.list(.pack)
        #expect(packs.count > 20)
        let reopened = try await TestRepository.reopen(repo)
        #expect(await reopened.indexedChunkCount == 10_000)
        for n in 0..<10_000 {
            let plaintext = TestData.bytes(seed: UInt64(n), count: 100 + n % 300)
            let (id, stored) = try await reopened.saveChunk(plaintext)
            #expect(!stored)
            ids.append(id)
            if n % 7 == 0 { #expect(try await reopened.loadChunk(id) == plaintext) }
        }
        // Reading every chunk back through the reopened index.
        for (n, id) in ids.enumerated() where n % 7 != 0 {
            #expect(try await reopened.loadChunk(id) == TestData.bytes(seed: UInt64(n), count: 100 + n % 300))
        }
    }

    /// Packs over 1 MiB in a local repository: pack buffers are recycled from pack to pack, files are
    /// written directly, and chunks read back while their pack may still be unsaved or uploading.
    @Test func localPacksRecycleBuffersAndReadBack() async throws {
        let dir = try TestData.temporaryDirectory("recycle")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let backend = LocalBackend(path: dir)
        try backend.createLayout()
        let repo = try await TestRepository.make(backend: backend, packSize: 1_200_000)
        let count = 240
        func chunk(_ n: Int) -> [UInt8] { TestData.bytes(seed: UInt64(n), count: 20_000 + n * 37 % 9_000) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<3 {
                group.addTask {
                    var mine: [(Int, ChunkID)] = []
                    for n in stride(from: worker, to: count, by: 3) {
                        let (id, stored) = try await repo.saveChunk(chunk(n))
                        #expect(stored)
                        mine.append((n, id))
                        if n % 5 == 0, let (m, earlier) = mine.randomElement() {
                            #expect(try await repo.loadChunk(earlier) == chunk(m))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        try await repo.flush()
        #expect(try await backend.list(.pack).count >= 4)
        let reopened = try await TestRepository.reopen(repo)
        #expect(await reopened.indexedChunkCount == count)
        for n in 0..<count {
            let (id, stored) = try await reopened.saveChunk(chunk(n))
            #expect(!stored)
            #expect(try await reopened.loadChunk(id) == chunk(n))
        }
        for file in try await backend.list(.pack) {
            try SealedFile.verifyName(try await backend.load(.pack, name: file.name), kind: .pack, name: file.name)
        }
    }

    @Test func duplicatesAreStoredOnce() async throws {
        let repo = try await TestRepository.make()
        let chunk = TestData.bytes(seed: 9, count: 4000)
        let results = try await withThrowingTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for _ in 0..<16 { group.addTask { try await repo.saveChunk(chunk).stored } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        // Readable before flush (from the open pack) and after.
        let id = try await repo.saveChunk(chunk).id
        #expect(try await repo.loadChunk(id) == chunk)
        try await repo.flush()
        #expect(try await repo.loadChunk(id) == chunk)
        #expect(try await repo.backend.list(.pack).count == 1)
        #expect(try await repo.backend.list(.index).count == 1)
        // A flush with nothing new writes nothing.
        try await repo.flush()
        #expect(try await repo.backend.list(.index).count == 1)
    }

    @Test func treeChunksRoundTrip() async throws {
        let repo = try await TestRepository.make()
        let tree = TestData.bytes(seed: 1, count: 300)
        let (id, _) = try await repo.saveChunk(tree, type: .tree)
        try await repo.flush()
        #expect(try await repo.loadChunk(id) == tree)
        #expect(await repo.location(of: id)?.type == .tree)
    }

    @Test func packHeaderMatchesIndex() async throws {
        let repo = try await TestRepository.make(packSize: 8 << 10)
        for n in 0..<50 { _ = try await repo.saveChunk(TestData.bytes(seed: UInt64(n), count: 1000)) }
        try await repo.flush()
        var fromIndex: [ChunkID: ChunkLocation] = [:]
        await repo.forEachIndexedChunk { fromIndex[$0] = $1 }
        var fromHeaders: [ChunkID: ChunkLocation] = [:]
        for pack in try await repo.backend.list(.pack) {
            let packID = try #require(ID32(hex: pack.name))
            for entry in try await repo.loadPackHeader(packID) { fromHeaders[entry.id] = entry.location(in: packID) }
        }
        #expect(fromIndex.count == 50)
        #expect(fromIndex == fromHeaders)
    }

    @Test func unknownChunkIsNotFound() async throws {
        let repo = try await TestRepository.make()
        let error = await #expect(throws: ArchiveStoreError.self) {
            _ = try await repo.loadChunk(ID32(bytes: [UInt8](repeating: 7, count: 32))!)
        }
        #expect(error?.code == .notFound)
    }
}
