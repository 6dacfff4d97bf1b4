import Testing
@testable import ArchiveStore

/// Chunk ids must never change for the same records (dedup against older snapshots depends on it):
/// re-chunking the golden repository's records with today's chunker and hasher must give exactly the
/// chunk ids that format version 1 stored there.
@Suite struct RecordChunkerGoldenTests {
    @Test func rechunkingGoldenRecordsGivesTheStoredChunkIDs() async throws {
        let repo = try await Repository.open(
            backend: LocalBackend(path: GoldenRepositoryTests.path(1)), password: GoldenRepositoryTests.password)
        var stored: [ChunkID] = []
        await repo.forEachIndexedChunk { id, _ in stored.append(id) }
        var rechunked: [ChunkID] = []
        for (_, changes) in GoldenRepositoryTests.layers() {
            var chunker = RecordChunker(parameters: repo.config.chunker, keys: repo.keys)
            // Each chunk is released before the next append, so the chunker reuses its buffer.
            for (_, record) in changes {
                if let chunk = chunker.append(encodedRecord: RecordCodec.encode(record), digest: record.digest) {
                    rechunked.append(repo.hasher.id(of: chunk))
                }
            }
            if let chunk = chunker.finish() { rechunked.append(repo.hasher.id(of: chunk)) }
        }
        #expect(rechunked.count >= 5)
        #expect(Set(rechunked).isSubset(of: Set(stored)), "a chunk id changed: dedup against old snapshots would break")
    }
}
