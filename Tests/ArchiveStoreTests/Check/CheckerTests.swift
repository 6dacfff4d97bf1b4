import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

@Suite struct CheckerTests {
    typealias F = SnapshotFixture

    private func makeRepository() async throws -> (Repository, MemoryBackend, SnapshotID) {
        let backend = MemoryBackend()
        let repo = try await TestRepository.make(backend: backend, packSize: 4 << 10)
        let s1 = try await F.full(repo, base: 0)
        let s2 = try await F.incremental(repo, parent: s1, base: 10_000)
        return (repo, backend, s2.id)
    }

    @Test func cleanRepositoryPasses() async throws {
        let (repo, backend, _) = try await makeRepository()
        let report = try await Checker(repository: repo).run(CheckOptions(readData: .all))
        #expect(report.isClean, "\(report.problems)")
        #expect(report.snapshots == 2)
        #expect(report.packs == (try await backend.list(.pack).count))
        #expect(report.packsRead == report.packs)
        #expect(report.chunksRead == (await repo.indexedChunkCount))
        // 3 layers + 1 incremental layer, 12 + 2 data chunks, 16 + 16 (shared) partition-table chunks.
        #expect(report.layers == 4)
    }

    @Test func bitFlipInPackIsNamedByReadData() async throws {
        let (repo, backend, s2) = try await makeRepository()
        // Flip a bit inside one data chunk (not a tree chunk, which the structural walk would read).
        let layer = try await repo.loadPartitionTable(try await repo.loadSnapshot(s2)).stacks[2][0]
        let chunk = try await repo.loadLayer(layer.id).chunks[1]
        let location = try #require(await repo.location(of: chunk))
        let pack = location.pack.hex
        backend.tamper(.pack, name: pack) { $0[Int(location.offset) + 40] ^= 0x04 }
        let structural = try await Checker(repository: repo).run()
        #expect(structural.isClean)  // header intact, so only reading the data finds it
        let report = try await Checker(repository: repo).run(CheckOptions(readData: .all))
        #expect(!report.isClean)
        #expect(report.problems.contains { $0.kind == .pack && $0.file == "data/\(pack.prefix(2))/\(pack)" })
        let damaged = report.problems.filter { $0.kind == .chunk }
        #expect(damaged.count == 1)
        #expect(damaged.first?.message.contains(pack) == true)
        #expect(damaged.first?.chunk == chunk)
    }

    @Test func missingPackIsNamedWithTheChunksItHeld() async throws {
        let (repo, backend, _) = try await makeRepository()
        let pack = try #require(try await backend.list(.pack).map(\.name).sorted().last)
        let held = try await repo.loadPackHeader(try #require(ID32(hex: pack))).map(\.id)
        try await backend.remove(.pack, name: pack)
        let report = try await Checker(repository: repo).run()
        #expect(report.problems.contains { $0.kind == .pack && $0.message.contains("\(pack) is missing") })
        // The in-memory index still names the pack, so the walk cannot tell; reading the data does.
        let withData = try await Checker(repository: repo).run(CheckOptions(readData: .all))
        #expect(!withData.isClean)
        #expect(!held.isEmpty)
    }

    @Test func chunkMissingFromIndexIsNamed() async throws {
        let (repo, backend, s2) = try await makeRepository()
        // Drop every index file and rewrite one without the pack holding a layer's first chunk.
        let layer = try await repo.loadPartitionTable(try await repo.loadSnapshot(s2)).stacks[1][0]
        let victim = try await repo.loadLayer(layer.id).chunks[0]
        let pack = try #require(await repo.location(of: victim)).pack
        var packs: [IndexFile.Pack] = []
        for name in try await backend.list(.index).map(\.name) {
            for (id, entries) in try await repo.loadIndexFile(try #require(ID32(hex: name))) where id != pack {
                packs.append(IndexFile.Pack(id: id, entries: entries))
            }
            try await backend.remove(.index, name: name)
        }
        let bytes = try IndexFile(packs: packs).encode(sealer: repo.sealer)
        try await backend.save(.index, name: FileHash.id(of: bytes).hex, bytes: bytes)
        let report = try await Checker(repository: try await TestRepository.reopen(repo)).run()
        #expect(report.problems.contains { $0.chunk == victim && $0.message.contains("not in the index") })
        #expect(report.hints.contains { $0.contains(pack.hex) })
    }

    @Test func damagedSnapshotIsNamed() async throws {
        let (repo, backend, s2) = try await makeRepository()
        backend.tamper(.snapshot, name: s2.hex) { $0[$0.count - 3] ^= 0x10 }
        let report = try await Checker(repository: repo).run()
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.file == "snapshots/\(s2.hex)")
    }

    /// A key file changed after it was written (even with its role promoted and checksum fixed) is named.
    @Test func changedKeyFileIsNamed() async throws {
        let (repo, backend, _) = try await makeRepository()
        let second = try await repo.addKey(password: Array("second".utf8), role: .restore)
        backend.tamper(.key, name: second.hex) { bytes in
            bytes = Array(bytes[..<(bytes.count - 32)])
            bytes[bytes.count - 74] = KeyRole.admin.rawValue  // role byte: before AEAD id, nonce, wrapped key
            bytes += Blake2b.hash(bytes, outputLength: 32)
        }
        let report = try await Checker(repository: repo).run()
        #expect(report.problems.count == 1, "\(report.problems)")
        #expect(report.problems.first?.kind == .key && report.problems.first?.file == "keys/\(second.hex)")
    }

    @Test func damagedPackHeaderIsNamed() async throws {
        let (repo, backend, _) = try await makeRepository()
        let pack = try #require(try await backend.list(.pack).map(\.name).sorted().first)
        backend.tamper(.pack, name: pack) { $0[$0.count - 10] ^= 0x01 }
        let report = try await Checker(repository: repo).run()
        #expect(report.problems.contains { $0.kind == .pack && $0.file?.hasSuffix(pack) == true })
    }

    @Test func subsetsPartitionThePacks() async throws {
        let (repo, backend, _) = try await makeRepository()
        var total = 0
        for n in 1...3 {
            let report = try await Checker(repository: repo).run(
                CheckOptions(readData: .subset(try ReadDataSubset(n: n, t: 3))))
            #expect(report.isClean)
            total += report.packsRead
        }
        #expect(total == (try await backend.list(.pack).count))
        #expect(throws: ArchiveStoreError.self) { try ReadDataSubset(parsing: "0/10") }
        #expect(throws: ArchiveStoreError.self) { try ReadDataSubset(parsing: "11/10") }
        #expect(throws: ArchiveStoreError.self) { try ReadDataSubset(parsing: "1-10") }
        #expect(try ReadDataSubset(parsing: "2/10") == ReadDataSubset(n: 2, t: 10))
    }
}
