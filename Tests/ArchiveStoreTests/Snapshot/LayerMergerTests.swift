import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

@Suite struct LayerMergerTests {
    /// Digest of record number n: big-endian n in 20 bytes, so digest order = numeric order.
    static func digest(_ n: Int) -> [UInt8] {
        [UInt8](repeating: 0, count: 16) + withUnsafeBytes(of: UInt32(n).bigEndian) { Array($0) }
    }

    static func record(_ n: Int, version: Int) -> ArchiveRecord {
        ArchiveRecord(
            digest: digest(n), set: "s", generation: UInt32(version + 1), lastUpdateTime: UInt64(n),
            bins: [ArchiveBin(name: "v", particleType: 3, value: Array("v\(version)-\(n)-".utf8) + [UInt8](repeating: 1, count: 40))])
    }

    /// One layer's changes: number → record (or tombstone when nil).
    typealias Changes = [Int: ArchiveRecord?]

    static let layers: [Changes] = {
        var base = Changes()
        for n in 0..<600 { base[n] = record(n, version: 0) }
        var l1 = Changes()
        for n in 0..<600 where n % 5 == 0 { l1[n] = record(n, version: 1) }
        for n in 0..<600 where n % 7 == 0 && n % 5 != 0 { l1[n] = .some(nil) }
        for n in 600..<700 { l1[n] = record(n, version: 1) }
        var l2 = Changes()
        for n in 0..<700 where n % 3 == 0 { l2[n] = record(n, version: 2) }  // updates, and resurrects some deleted
        for n in 0..<700 where n % 11 == 0 && n % 3 != 0 { l2[n] = .some(nil) }
        for n in 650..<660 where n % 3 != 0 { l2[n] = .some(nil) }
        for n in 900..<905 { l2[n] = .some(nil) }  // tombstones for records that never existed
        return [base, l1, l2]
    }()

    static func write(_ changes: Changes, to repo: Repository) async throws -> LayerRef? {
        var writer = LayerWriter(repository: repo)
        for n in changes.keys.sorted() {
            try await writer.append(changes[n]! ?? .tombstone(digest: digest(n)))
        }
        return try await writer.finish()
    }

    @Test func threeLayersMergeNewestWinsTombstonesDrop() async throws {
        let repo = try await TestRepository.make()
        var stack: [LayerRef] = []
        for changes in Self.layers { stack.append(try #require(try await Self.write(changes, to: repo))) }
        #expect(stack[0].recordCount == 600)
        #expect(stack[1].tombstoneCount == UInt64(Self.layers[1].values.filter { $0 == nil }.count))
        let table = PartitionTable().pushing(stack[0], onto: 7).pushing(stack[1], onto: 7).pushing(stack[2], onto: 7)
        let id = try await repo.saveSnapshot(Snapshot(namespace: "test"), partitions: table)
        #expect(try await repo.loadLayer(stack[0].id).chunks.count > 3)

        // Expected: apply the layers in order to a map.
        var model: [Int: ArchiveRecord] = [:]
        for changes in Self.layers {
            for (n, change) in changes { model[n] = change }
        }
        let expected = model.keys.sorted().map { model[$0]! }

        let reopened = try await TestRepository.reopen(repo)
        let loadedTable = try await reopened.loadPartitionTable(try await reopened.loadSnapshot(id))
        let merger = LayerMerger(loader: reopened, stack: loadedTable.stacks[7])
        var merged: [ArchiveRecord] = []
        try await merger.forEach { merged.append($0) }
        #expect(merged.count == expected.count)
        #expect(merged == expected)
        #expect(!merged.contains { $0.isTombstone })
        #expect(try await merger.next() == nil)

        // Only the base layer: the original 600 records.
        var baseOnly = 0
        try await LayerMerger(loader: reopened, stack: [stack[0]]).forEach { _ in baseOnly += 1 }
        #expect(baseOnly == 600)
        // An empty stack yields nothing.
        #expect(try await LayerMerger(loader: reopened, stack: []).next() == nil)
    }

    @Test func identicalLayersDeduplicate() async throws {
        let repo = try await TestRepository.make()
        let a = try #require(try await Self.write(Self.layers[0], to: repo))
        try await repo.flush()
        let packs = try await repo.backend.list(.pack).count
        let b = try #require(try await Self.write(Self.layers[0], to: repo))
        try await repo.flush()
        #expect(a == b)
        #expect(try await repo.backend.list(.pack).count == packs)
    }

    @Test func writerRejectsUnsortedRecordsAndMergerRejectsUnsortedLayers() async throws {
        let repo = try await TestRepository.make()
        var writer = LayerWriter(repository: repo)
        try await writer.append(Self.record(5, version: 0))
        let error = await #expect(throws: ArchiveStoreError.self) { try await writer.append(Self.record(5, version: 0)) }
        #expect(error?.code == .invalidArgument)
        var empty = LayerWriter(repository: repo)
        #expect(try await empty.finish() == nil)

        // A layer whose chunk holds records out of order (as a tampered or buggy writer could make).
        var chunk: [UInt8] = []
        RecordCodec.encode(Self.record(9, version: 0), into: &chunk)
        RecordCodec.encode(Self.record(3, version: 0), into: &chunk)
        let chunkID = try await repo.saveChunk(chunk).id
        let bad = try await repo.saveLayer(Layer(chunks: [chunkID], recordCount: 2, tombstoneCount: 0, byteCount: 0))
        let merger = LayerMerger(loader: repo, stack: [bad])
        let unsorted = await #expect(throws: ArchiveStoreError.self) { try await merger.forEach { _ in } }
        #expect(unsorted?.code == .corrupted)
    }
}
