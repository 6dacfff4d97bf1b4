import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

/// Every damaged, truncated or swapped file is detected and named (SPEC.md §15).
@Suite struct TamperTests {
    private func makeRepository() async throws -> (Repository, MemoryBackend, [ChunkID]) {
        let backend = MemoryBackend()
        let repo = try await TestRepository.make(backend: backend, packSize: 4 << 10)
        var ids: [ChunkID] = []
        for n in 0..<20 { ids.append(try await repo.saveChunk(TestData.bytes(seed: UInt64(n), count: 900)).id) }
        try await repo.flush()
        return (repo, backend, ids)
    }

    @Test func bitFlipInPackIsCorruptionNamingThePack() async throws {
        let (repo, backend, ids) = try await makeRepository()
        let location = try #require(await repo.location(of: ids[3]))
        backend.tamper(.pack, name: location.pack.hex) { $0[Int(location.offset) + 40] ^= 0x01 }
        let error = await #expect(throws: ArchiveStoreError.self) { _ = try await repo.loadChunk(ids[3]) }
        #expect(error?.code == .corrupted)
        #expect(error?.message.contains(location.pack.hex) == true)
        // Other chunks of the same pack stay readable.
        #expect(try await repo.loadChunk(ids[4]).count == 900)
    }

    @Test func truncatedPackIsDetected() async throws {
        let (repo, backend, ids) = try await makeRepository()
        let location = try #require(await repo.location(of: ids.last!))
        backend.tamper(.pack, name: location.pack.hex) { $0.removeLast(10) }
        let header = await #expect(throws: ArchiveStoreError.self) { _ = try await repo.loadPackHeader(location.pack) }
        #expect(header?.code == .corrupted)
        #expect(header?.message.contains(location.pack.hex) == true)
    }

    @Test func swappedChunkIsDetected() async throws {
        let (repo, backend, ids) = try await makeRepository()
        let a = try #require(await repo.location(of: ids[0]))
        let b = try #require(await repo.location(of: ids[1]))
        try #require(a.pack == b.pack)
        // Replace chunk a's bytes with chunk b's (same pack, as an attacker rewriting the file would).
        backend.tamper(.pack, name: a.pack.hex) { bytes in
            let other = Array(bytes[b.range])
            bytes.replaceSubrange(a.range, with: other)
        }
        let error = await #expect(throws: ArchiveStoreError.self) { _ = try await repo.loadChunk(ids[0]) }
        #expect(error?.code == .corrupted)
    }

    @Test func damagedIndexFileBlocksOpenNamingTheFile() async throws {
        let (_, backend, _) = try await makeRepository()
        let name = try #require(try await backend.list(.index).first?.name)
        backend.tamper(.index, name: name) { $0[$0.count / 2] ^= 0x80 }
        let error = await #expect(throws: ArchiveStoreError.self) {
            _ = try await Repository.open(backend: backend, password: TestRepository.password)
        }
        #expect(error?.code == .corrupted)
        #expect(error?.message.contains("index/\(name)") == true)
    }

    @Test func indexFileSwappedIntoAnotherNameIsDetected() async throws {
        let (repo, backend, _) = try await makeRepository()
        let name = try #require(try await backend.list(.index).first?.name)
        let bytes = try await backend.load(.index, name: name)
        try await backend.save(.index, name: String(repeating: "0", count: 64), bytes: bytes)
        let error = await #expect(throws: ArchiveStoreError.self) {
            _ = try await TestRepository.reopen(repo)
        }
        #expect(error?.code == .corrupted)
    }

    @Test func damagedConfigIsCorruption() async throws {
        let (_, backend, _) = try await makeRepository()
        backend.tamper(.config, name: "config") { $0[$0.count - 3] ^= 0x10 }
        let error = await #expect(throws: ArchiveStoreError.self) {
            _ = try await Repository.open(backend: backend, password: TestRepository.password)
        }
        #expect(error?.code == .corrupted)
        #expect(error?.message.contains("config") == true)
    }

    @Test func missingAndSwappedPacksAreNamed() async throws {
        let (repo, backend, ids) = try await makeRepository()
        let packs = try await backend.list(.pack).map(\.name)
        try #require(packs.count >= 2)
        let a = try #require(await repo.location(of: ids[0]))
        let b = try #require(packs.first { $0 != a.pack.hex })
        // Pack a's name now holds pack b's bytes.
        let bBytes = try await backend.load(.pack, name: b)
        try await backend.save(.pack, name: a.pack.hex, bytes: bBytes)
        let swapped = await #expect(throws: ArchiveStoreError.self) { _ = try await repo.loadChunk(ids[0]) }
        #expect(swapped?.code == .corrupted)
        #expect(swapped?.message.contains(a.pack.hex) == true)
        // And once it is gone entirely:
        try await backend.remove(.pack, name: a.pack.hex)
        let missing = await #expect(throws: ArchiveStoreError.self) { _ = try await repo.loadChunk(ids[0]) }
        #expect(missing?.code == .notFound)
        #expect(missing?.message.contains("data/\(a.pack.hex.prefix(2))/\(a.pack.hex)") == true)
    }
}
