import AeroVault
import AeroVaultTestSupport
import AerospikeSim
import AerospikeWire
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

@Suite(.serialized) struct BackupResumeTests {
    /// Half the partitions keep these tests quick; resuming does not depend on the range.
    static let half = try! PartitionSelection(range: "0-2047")

    static func records(_ cluster: TestCluster) throws -> [[UInt8]: SimRecord] {
        try cluster.recordsByDigest().filter { Digest.partitionID($0.key) < 2048 }
    }

    @Test func cancelledBackupResumesWithoutRescanningFinishedPartitions() async throws {
        let cluster = try await TestCluster.start(records: 3000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let probe = ProgressProbe(after: 500)
        let task = Task {
            try await BackupEngineTests.backup(cluster, repository, configure: {
                $0.partitions = Self.half
                $0.checkpointEveryPartitions = 50
                $0.checkpointInterval = 1000
            }, progress: probe)
        }
        probe.setAction { task.cancel() }
        await #expect(throws: AeroVaultError.self) { _ = try await task.value }
        #expect(try await repository.listSnapshots().isEmpty)

        let second = try await BackupEngineTests.backup(cluster, repository) { $0.partitions = Self.half }
        #expect(second.mode == .full)
        #expect(second.partitionsResumed >= 500)
        // --parallel 8 → groups of up to 64 of one node's partitions (≈ 683 each → 11 groups per node),
        // one scan each; the rerun scans only the groups with partitions left.
        #expect(second.scans >= (2048 - second.partitionsResumed + 63) / 64 && second.scans < 3 * 11)
        let expected = try Self.records(cluster)
        #expect(second.snapshotRecords == expected.count)
        let id = try #require(ID32(hex: second.snapshotID))
        let contents = try await SnapshotContents.records(of: id, in: repository)
        #expect(SnapshotContents.differences(snapshot: contents, cluster: expected) == [])
        // The checkpoint is removed once the snapshot is saved.
        #expect(try await repository.backend.list(.checkpoint).isEmpty)
    }

    @Test func nodeKilledMidBackupLosesNoRecord() async throws {
        let cluster = try await TestCluster.start(records: 4000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let sim = cluster.sim
        let killed = ProgressProbe(after: 300) { Task { try? await sim.kill(node: 1) } }
        let summary = try await BackupEngineTests.backup(cluster, repository, configure: { $0.partitions = Self.half }, progress: killed)
        #expect(sim.liveNodes == [0, 2])
        let expected = try Self.records(cluster)
        #expect(summary.snapshotRecords == expected.count)
        let id = try #require(ID32(hex: summary.snapshotID))
        let contents = try await SnapshotContents.records(of: id, in: repository)
        #expect(contents.count == expected.count)
        #expect(SnapshotContents.differences(snapshot: contents, cluster: expected) == [])
    }

    @Test func interruptedIncrementalResumesAndStaysIncremental() async throws {
        let cluster = try await TestCluster.start(records: 2000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let first = try await BackupEngineTests.backup(cluster, repository) { $0.partitions = Self.half }
        try cluster.mutate(update: 0.02, delete: 0.02, insert: 0.02)
        let probe = ProgressProbe(after: 700)
        let task = Task {
            try await BackupEngineTests.backup(cluster, repository, configure: {
                $0.partitions = Self.half
                $0.checkpointEveryPartitions = 100
            }, progress: probe)
        }
        probe.setAction { task.cancel() }
        await #expect(throws: AeroVaultError.self) { _ = try await task.value }
        let second = try await BackupEngineTests.backup(cluster, repository) { $0.partitions = Self.half }
        #expect(second.mode == .incremental)
        #expect(second.parent == first.snapshotID)
        #expect(second.partitionsResumed >= 700)
        #expect(second.scans >= 2 * ((2048 - second.partitionsResumed + 63) / 64) && second.scans < 2 * 3 * 11)
        let id = try #require(ID32(hex: second.snapshotID))
        let contents = try await SnapshotContents.records(of: id, in: repository)
        #expect(SnapshotContents.differences(snapshot: contents, cluster: try Self.records(cluster)) == [])
    }
}
