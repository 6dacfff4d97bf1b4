import AeroVault
import AeroVaultTestSupport
import ArchiveStore
import ArchiveStoreTestSupport
import Testing

/// The backup engine in a backup-key session (SPEC.md §3 "Backup keys"): it builds incrementals on
/// parents' digest lists (tree chunks) without reading any record, never compacts, and what it writes
/// is read back exactly by an admin key.
@Suite struct BackupKeyEngineTests {
    @Test func backupKeyIncrementalOnAnAdminParentWithoutCompaction() async throws {
        let f = try await BackupEngineFakeSourceTests.Fixture()
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
}
