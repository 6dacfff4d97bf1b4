import ArchiveStoreTestSupport
import Testing
@testable import ArchiveStore

@Suite struct PackWriterTests {
    let sealer = Sealer(keys: TestKeys.keySet())

    private func fill(_ writer: inout PackWriter, seed: UInt64) throws -> [(ChunkID, [UInt8])] {
        var rng = SeededGenerator(seed: seed)
        var chunks: [(ChunkID, [UInt8])] = []
        while !writer.isFull {
            let count = Int.random(in: 100...3000, using: &rng)
            let sealed = rng.bytes(count)
            let id = ID32(bytes: rng.bytes(32))!
            // The sealed bytes arrive as a slice of a larger reused buffer, as in Repository.saveChunk.
            let buffer = sealed + rng.bytes(50)
            _ = try writer.append(id: id, type: .data, sealed: buffer[..<sealed.count], plaintextLength: sealed.count + 1)
            chunks.append((id, sealed))
        }
        return chunks
    }

    private func check(_ file: [UInt8], _ chunks: [(ChunkID, [UInt8])]) async throws {
        let backend = MemoryBackend()
        let id = FileHash.id(of: file)
        try await backend.save(.pack, name: id.hex, bytes: file)
        let entries = try await PackReader.loadHeader(id, backend: backend, sealer: sealer)
        #expect(entries.map(\.id) == chunks.map(\.0))
        for (entry, chunk) in zip(entries, chunks) {
            #expect(Array(file[entry.range]) == chunk.1)
            #expect(Int(entry.plaintextLength) == chunk.1.count + 1)
        }
    }

    /// Closing in place gives the same file as ``PackWriter/finish(sealer:)`` (up to the header's
    /// random nonce), and a writer recycling the buffer of a closed pack writes a correct next pack.
    @Test func closeInPlaceAndRecycleTheBuffer() async throws {
        var writer = PackWriter(targetSize: 20_000, recycling: [])
        let first = try fill(&writer, seed: 1)
        let copy = try writer.finish(sealer: sealer)
        try writer.close(sealer: sealer)
        #expect(writer.data.count == copy.count)
        #expect(writer.data[..<writer.size] == copy[..<writer.size])
        try await check(writer.data, first)
        try await check(copy, first)

        let kept = writer.data
        var next = PackWriter(targetSize: 20_000, recycling: writer.takeBuffer())
        #expect(writer.isEmpty && writer.data.isEmpty)
        #expect(next.isEmpty && next.size == 0)
        let second = try fill(&next, seed: 2)
        try next.close(sealer: sealer)
        try await check(next.data, second)
        // The first pack's bytes, still referenced, were not overwritten by the recycled writer.
        try await check(kept, first)
    }
}
