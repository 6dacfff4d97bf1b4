import ArchiveStoreTestSupport
import Testing
@testable import ArchiveStore

@Suite struct ChunkIndexTests {
    private func id(_ n: Int) -> ChunkID { ID32(bytes: TestData.bytes(seed: UInt64(n), count: 32))! }
    private func location(_ n: Int, pack: Int) -> ChunkLocation {
        ChunkLocation(
            pack: id(1_000_000 + pack), type: n % 3 == 0 ? .tree : .data, offset: UInt32(n * 10),
            length: UInt32(n + 1), plaintextLength: UInt32(n * 2))
    }

    @Test func addLookupAndDuplicates() {
        var index = ChunkIndex()
        for n in 0..<5000 {
            let added = index.add(id(n), location(n, pack: n / 100))
            #expect(added)
        }
        #expect(index.count == 5000)
        #expect(index.packCount == 50)
        for n in 0..<5000 { #expect(index.lookup(id(n)) == location(n, pack: n / 100)) }
        #expect(index.has(id(77)))
        #expect(!index.has(id(5001)))
        // The first location added wins.
        let again = index.add(id(5), location(6, pack: 3))
        #expect(!again)
        #expect(index.lookup(id(5)) == location(5, pack: 0))
        var seen = 0
        index.forEach { cid, loc in
            if index.lookup(cid) == loc { seen += 1 }
        }
        #expect(seen == 5000)
    }

    /// Target: well under 100 bytes per entry (SPEC.md §8).
    @Test func memoryPerEntry() {
        var index = ChunkIndex()
        for n in 0..<100_000 { index.add(id(n), location(n, pack: n / 64)) }
        let perEntry = index.bytesPerEntry
        #expect(perEntry < 70, "index uses \(perEntry) bytes per entry")
        #expect(perEntry > 49)  // at least id + fields
    }
}
