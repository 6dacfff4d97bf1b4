import AeroVault
import AeroVaultTestSupport
import ArchiveStore
import Foundation
import Testing

/// `copy` (SPEC.md §14) between in-memory repositories: metadata translation and copies of copies.
/// `SnapshotCopierIntegrationTests` copies snapshots written by the real backup engine.
@Suite struct SnapshotCopierTests {
    @Test func unknownMetadataIsCopiedAsItIsUnlessItNamesChunks() async throws {
        let source = try await ManageFixture.repository()
        let destination = try await ManageFixture.repository()
        let saved = try await ManageFixture.save(source, changes: (0..<20).map { ManageFixture.record($0) })
        var snapshot = try await source.loadSnapshot(saved.id)

        // An opaque leaf (an older build's free-form metadata) travels byte for byte.
        let note = Array("a note from an older build".utf8)
        snapshot.metadata = ["note": try await source.saveChunk(note, type: .tree).id]
        let plain = try await source.saveSnapshot(snapshot, partitions: saved.table)
        let copied = try await SnapshotCopier(source: source, destination: destination).copy([plain])
        let copiedNote = try #require(try await destination.loadSnapshot(copied[0].destination).metadata["note"])
        #expect(try await destination.loadChunk(copiedNote) == note)

        // One that names a chunk of the source by id cannot be translated: refused, nothing written.
        let layer = try #require(saved.table.stacks.first { !$0.isEmpty }?.first?.id)
        let pointer = Array("see ".utf8) + layer.bytes
        snapshot.metadata = ["future-format": try await source.saveChunk(pointer, type: .tree).id]
        let pointing = try await source.saveSnapshot(snapshot, partitions: saved.table)
        let packs = try await destination.backend.list(.pack).count
        let error = await #expect(throws: AeroVaultError.self) {
            _ = try await SnapshotCopier(source: source, destination: destination).copy([pointing])
        }
        #expect(error?.message.contains("'future-format'") == true)
        try await destination.flush()
        #expect(try await destination.backend.list(.pack).count == packs)
        #expect(try await destination.listSnapshots().count == 1)
    }

    @Test func aCopyOfACopyIsRecognisedByItsOriginal() async throws {
        let first = try await ManageFixture.repository()
        let second = try await ManageFixture.repository()
        let third = try await ManageFixture.repository()
        let saved = try await ManageFixture.save(first, changes: (0..<50).map { ManageFixture.record($0) })
        let hop = try await SnapshotCopier(source: first, destination: second).copy([saved.id])
        let onward = try await SnapshotCopier(source: second, destination: third).copy([hop[0].destination])
        #expect(try await third.loadSnapshot(onward[0].destination).original == saved.id)
        // Copying the first repository's snapshot directly now finds the same original in the third.
        let direct = try await SnapshotCopier(source: first, destination: third).copy([saved.id])
        #expect(direct[0].alreadyPresent && direct[0].destination == onward[0].destination)
        #expect(try await ManageFixture.records(third, onward[0].destination) == ManageFixture.records(first, saved.id))
    }
}
