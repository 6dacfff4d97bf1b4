import AeroVault
import AerospikeSim
import AerospikeWire
import ArchiveStore
import Foundation
import Testing

@Suite(.serialized) struct BackupResumeTests {
    @Test func cancelledBackupResumesWithoutRescanningFinishedPartitions() async throws {
        let cluster = try await TestCluster.start(records: 3000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepositoryFactory.make()
        let probe = ProgressProbe(after: 1000)
        let task = Task {
            try await BackupEngineTests.backup(cluster, repository, configure: {
                $0.checkpointEveryPartitions = 100
                $0.checkpointInterval = 1000
            }, progress: probe)
        }
        probe.setAction { task.cancel() }
        await #expect(throws: BackupError.self) { _ = try await task.value }
        #expect(try await repository.listSnapshots().isEmpty)

        let second = try await BackupEngineTests.backup(cluster, repository)
        print("resumed \(second.partitionsResumed), scans \(second.scans)")
        #expect(second.mode == .full)
        #expect(second.partitionsResumed >= 1000)
        #expect(second.scans == 4096 - second.partitionsResumed)
        #expect(second.snapshotRecords == 3000)
        let id = try #require(ID32(hex: second.snapshotID))
        let contents = try await SnapshotContents.records(of: id, in: repository)
        #expect(SnapshotContents.differences(snapshot: contents, cluster: try cluster.recordsByDigest()) == [])
        // The checkpoint is removed once the snapshot is saved.
        #expect(try await repository.backend.list(.checkpoint).isEmpty)
    }

    @Test func nodeKilledMidBackupLosesNoRecord() async throws {
        let cluster = try await TestCluster.start(records: 4000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepositoryFactory.make()
        let sim = cluster.sim
        let killed = ProgressProbe(after: 600) { Task { try? await sim.kill(node: 1) } }
        let summary = try await BackupEngineTests.backup(cluster, repository, progress: killed)
        #expect(sim.liveNodes == [0, 2])
        #expect(summary.snapshotRecords == 4000)
        let id = try #require(ID32(hex: summary.snapshotID))
        let contents = try await SnapshotContents.records(of: id, in: repository)
        #expect(contents.count == 4000)
        #expect(SnapshotContents.differences(snapshot: contents, cluster: try cluster.recordsByDigest()) == [])
    }

    @Test func interruptedIncrementalResumesAndStaysIncremental() async throws {
        let cluster = try await TestCluster.start(records: 2000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepositoryFactory.make()
        let first = try await BackupEngineTests.backup(cluster, repository)
        try cluster.mutate(update: 0.02, delete: 0.02, insert: 0.02)
        let probe = ProgressProbe(after: 1500)
        let task = Task {
            try await BackupEngineTests.backup(cluster, repository, configure: { $0.checkpointEveryPartitions = 250 }, progress: probe)
        }
        probe.setAction { task.cancel() }
        await #expect(throws: BackupError.self) { _ = try await task.value }
        let second = try await BackupEngineTests.backup(cluster, repository)
        #expect(second.mode == .incremental)
        #expect(second.parent == first.snapshotID)
        #expect(second.partitionsResumed >= 1500)
        #expect(second.scans == 2 * (4096 - second.partitionsResumed))
        let id = try #require(ID32(hex: second.snapshotID))
        let contents = try await SnapshotContents.records(of: id, in: repository)
        #expect(SnapshotContents.differences(snapshot: contents, cluster: try cluster.recordsByDigest()) == [])
    }
}
