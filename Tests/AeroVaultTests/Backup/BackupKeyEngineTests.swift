import AeroVaultTestSupport
import ArchiveStore
import ArchiveStoreTestSupport
import Testing
@testable import AeroVault

/// The backup engine in a backup-key session (SPEC.md §3 "Backup keys"): it builds incrementals on
/// parents' digest lists (tree chunks) without reading any record, never compacts, and what it writes
/// is read back exactly by an admin key.
@Suite struct BackupKeyEngineTests {
    @Test func backupKeyIncrementalOnAnAdminParentWithoutCompaction() async throws {
        let f = try await FakeBackupFixture()
        let full = try await f.backup()  // admin
        #expect(full.mode == .full)
        let password = Array("backup key".utf8)
        _ = try await f.repository.addKey(password: password, role: .backup)
        let backupRepository = try await Repository.open(backend: f.repository.backend, password: password)
        #expect(!backupRepository.canReadRecordData)

        f.clock.advance(seconds: 60)
        f.source.put(FakeBackupSource.digest(partition: 0, 1), value: [9, 9])
        f.source.delete(FakeBackupSource.digest(partition: 1, 2))
        var config = BackupConfiguration(namespace: "test")
        config.partitions = BackupEngineFakeSourceTests.partitions
        config.compactionThreshold = 1  // an admin session would merge every changed stack
        let incremental = try await BackupEngine(
            cluster: f.source, repository: backupRepository, configuration: config, progress: SilentBackupProgress(),
            clock: f.clock
        ).run()
        #expect(incremental.mode == .incremental && incremental.parent == full.snapshotID)
        #expect(incremental.records == 1 && incremental.tombstones == 1)

        let admin = try await Repository.open(backend: f.repository.backend, password: TestRepository.password)
        let id = try #require(ID32(hex: incremental.snapshotID))
        let snapshot = try await admin.loadSnapshot(id)
        #expect(snapshot.keyRole == "backup")
        let table = try await admin.loadPartitionTable(snapshot)
        #expect(table.stacks[0].count == 2 && table.stacks[1].count == 2)  // pushed, not compacted
        let contents = try await SnapshotContents.records(of: id, in: admin)
        #expect(Set(contents.keys) == Set(f.source.records.keys))
        #expect(contents[FakeBackupSource.digest(partition: 0, 1)]?.bins.map(\.value) == [[9, 9]])
        await #expect(throws: ArchiveStoreError.self) { _ = try await SnapshotContents.records(of: id, in: backupRepository) }
    }

    /// A parent whose digest lists are data chunks (as earlier builds stored them, digest list version 1)
    /// cannot be read by a backup key: its backup is full and says why; an admin's is incremental.
    @Test func parentWithDataDigestListsMakesABackupKeyBackUpFully() async throws {
        let f = try await FakeBackupFixture()
        let full = try await f.backup()
        // Rewrite the parent as an earlier build would have: version 1 lists stored as data chunks.
        let id = try #require(ID32(hex: full.snapshotID))
        var snapshot = try await f.repository.loadSnapshot(id)
        var table = DigestListTable()
        let root = try #require(snapshot.metadata[DigestListTable.metadataName])
        for (group, groupID) in try DigestListTable.decodeRoot(try await f.repository.loadChunk(root)) {
            for (partition, list) in try DigestListTable.decodeGroup(try await f.repository.loadChunk(groupID), group: group) {
                let old = [1] + (try await f.repository.loadChunk(list)).dropFirst()
                table.lists[partition] = try await f.repository.saveChunk(old, type: .data).id
            }
        }
        var groupIDs: [Int: ChunkID] = [:]
        for (group, blob) in table.encodeGroups() { groupIDs[group] = try await f.repository.saveChunk(blob, type: .tree).id }
        snapshot.metadata[DigestListTable.metadataName] =
            try await f.repository.saveChunk(DigestListTable.encodeRoot(groups: groupIDs), type: .tree).id
        _ = try await f.repository.saveSnapshot(snapshot)
        try await f.repository.removeSnapshot(id)

        // An admin session reads version 1 lists: incremental; its unchanged partitions keep them.
        f.clock.advance(seconds: 60)
        #expect(try await f.backup().mode == .incremental)

        let password = Array("backup key".utf8)
        _ = try await f.repository.addKey(password: password, role: .backup)
        let backupRepository = try await Repository.open(backend: f.repository.backend, password: password)
        f.clock.advance(seconds: 60)
        var config = BackupConfiguration(namespace: "test")
        config.partitions = BackupEngineFakeSourceTests.partitions
        let summary = try await BackupEngine(
            cluster: f.source, repository: backupRepository, configuration: config, progress: SilentBackupProgress(),
            clock: f.clock
        ).run()
        #expect(summary.mode == .full)
        #expect(summary.noParent?.contains("digest lists as record data") == true, "\(String(describing: summary.noParent))")
    }
}
