import AeroVault
import AeroVaultTestSupport
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

/// `backup --dry-run` (SPEC.md §14 "backup", "Dry run"): scans and chunks like a backup, reports what
/// it would store, and leaves every repository file byte for byte as it was.
@Suite struct BackupDryRunTests {
    /// Every file under `directory` with its contents.
    static func files(_ directory: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            out[String(url.path.dropFirst(directory.path.count))] = try Data(contentsOf: url)
        }
        return out
    }

    @Test func dryRunWritesNothingAndPredictsTheBackup() async throws {
        let clock = FakeBackupClock(unixSeconds: FakeBackupFixture.start)
        let source = FakeBackupSource(clock: clock)
        for partition in 0..<4 {
            for n in 0..<5 { source.put(FakeBackupSource.digest(partition: partition, n), value: [UInt8(partition), UInt8(n)]) }
        }
        let (repository, directory) = try await TestRepository.makeLocal()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = BackupConfiguration(namespace: "test")
        config.partitions = try PartitionSelection(range: "0-3")
        config.parallel = 1
        func engine() -> BackupEngine {
            BackupEngine(cluster: source, repository: repository, configuration: config, clock: clock)
        }
        _ = try await engine().run()
        clock.advance(seconds: 60)
        source.put(FakeBackupSource.digest(partition: 0, 1), value: [9, 9])
        source.delete(FakeBackupSource.digest(partition: 1, 2))

        let before = try Self.files(directory)
        let dry = try await engine().dryRun()
        #expect(try Self.files(directory) == before)
        #expect(dry.mode == .incremental && dry.parent != nil)
        #expect(dry.snapshotRecords == 19 && dry.records == 1 && dry.tombstones == 1)
        #expect(dry.newChunks > 0 && dry.newBytes > 0)

        // The real backup then stores what the dry run said.
        let real = try await engine().run()
        #expect(real.parent == dry.parent && real.records == dry.records && real.tombstones == dry.tombstones)
        #expect(real.snapshotRecords == dry.snapshotRecords)
    }
}
