import AeroVault
import AeroVaultTestSupport
import ArchiveStore
import Testing

/// A fake cluster (``FakeBackupSource``) with a few records in each selected partition, written 100 s
/// before the first backup, its clock, and an in-memory repository: the set-up every engine test
/// without a simulator starts from.
struct FakeBackupFixture {
    /// 2027-01-15T08:00:00Z: the fake cluster's and host's clock at the first backup.
    static let start: Double = 1_800_000_000

    let clock = FakeBackupClock(unixSeconds: Self.start)
    let source: FakeBackupSource
    let repository: Repository
    let partitions: PartitionSelection

    /// `perPartition` records in each partition of `partitions`; record `n` of partition `p` holds
    /// the bytes `[p & 0xFF, n]`.
    init(partitions: PartitionSelection = try! PartitionSelection(range: "0-7"), perPartition: Int = 5) async throws {
        source = FakeBackupSource(clock: clock)
        repository = try await ManageFixture.repository()  // in memory
        self.partitions = partitions
        for partition in partitions.ids {
            for n in 0..<perPartition {
                source.put(
                    FakeBackupSource.digest(partition: partition, n), value: [UInt8(partition & 0xFF), UInt8(n)],
                    lastUpdate: clock.unixNanoseconds - 100_000_000_000)
            }
        }
    }

    /// The backup of `partitions` with `--parallel 2`, changed by `configure`.
    func configuration(_ configure: (inout BackupConfiguration) throws -> Void = { _ in }) rethrows -> BackupConfiguration {
        var config = BackupConfiguration(namespace: "test")
        config.partitions = partitions
        config.parallel = 2
        try configure(&config)
        return config
    }

    func backup(
        progress: any BackupProgress = SilentBackupProgress(), _ configure: (inout BackupConfiguration) -> Void = { _ in }
    ) async throws -> BackupSummary {
        try await BackupEngine(
            cluster: source, repository: repository, configuration: configuration(configure), progress: progress,
            clock: clock
        ).run()
    }

    /// The snapshot's live records must be exactly the fake cluster's, value for value.
    func expectSnapshotMatchesSource(_ summary: BackupSummary) async throws {
        let id = try #require(ID32(hex: summary.snapshotID))
        let contents = try await SnapshotContents.records(of: id, in: repository)
        let expected = source.records
        #expect(Set(contents.keys) == Set(expected.keys))
        for (digest, record) in contents {
            #expect(record.bins.map(\.value) == [expected[digest]?.value ?? []])
            #expect(record.generation == expected[digest]?.generation)
        }
    }
}
