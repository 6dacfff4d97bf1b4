import AeroVault
import AeroVaultTestSupport
import AerospikeSim
import AerospikeWire
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

/// Multi-partition scans (SPEC.md §14 "backup", "Scans"; issue 19): a backup sends one scan request
/// per group of one node's partitions, not one per partition, and a node failing mid-scan costs only
/// its own unfinished partitions.
@Suite(.serialized) struct BackupScanGroupTests {
    @Test func fullBackupSendsOneScanJobPerGroupAndNode() async throws {
        let cluster = try await TestCluster.start(records: 6000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let summary = try await BackupEngineTests.backup(cluster, repository) { $0.parallel = 16 }
        // 4096 partitions, --parallel 16 → groups of 64 of one node's partitions: one job per group.
        let jobs = cluster.sim.scanJobs
        let groups = (0..<3).map { (cluster.sim.partitions(masteredBy: $0).count + 63) / 64 }.reduce(0, +)
        #expect(summary.scans == groups && jobs.count == groups)
        #expect(jobs.allSatisfy { $0.partitions.count <= 64 })
        #expect(jobs.allSatisfy { $0.resumed.isEmpty })
        // Every partition was asked for exactly once, by its master.
        let asked = jobs.flatMap(\.partitions)
        #expect(asked.count == 4096 && Set(asked).count == 4096)
        #expect(jobs.allSatisfy { job in job.partitions.allSatisfy { cluster.sim.masterNode(ofPartition: $0) == job.node } })
        let expected = try cluster.recordsByDigest()
        let id = try #require(ID32(hex: summary.snapshotID))
        let contents = try await SnapshotContents.records(of: id, in: repository)
        #expect(SnapshotContents.differences(snapshot: contents, cluster: expected) == [])
    }

    @Test func aNodeDroppingItsScansRetriesOnlyItsUnfinishedPartitions() async throws {
        let cluster = try await TestCluster.start(records: 6000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        // Node 1 closes every scan after 40 records: each of its jobs (32 partitions, ≈ 47 records)
        // that has more is cut short and must resume.
        cluster.sim.setFault(SimFaults(dropScanAfterRecords: 40), node: 1)
        let summary = try await BackupEngineTests.backup(cluster, repository) {
            $0.parallel = 4
            $0.partitionsPerScan = 32
        }
        let jobs = cluster.sim.scanJobs
        let groups = (0..<3).map { (cluster.sim.partitions(masteredBy: $0).count + 31) / 32 }
        // Nodes 0 and 2 never failed: one job per group each, never a resumed partition.
        for node in [0, 2] {
            let own = jobs.filter { $0.node == node }
            #expect(own.count == groups[node])
            #expect(own.allSatisfy { $0.resumed.isEmpty })
        }
        // Node 1's retries name only partitions it was asked for before, resuming those it had started.
        let node1 = jobs.filter { $0.node == 1 }
        let retries = node1.filter { !$0.resumed.isEmpty }
        #expect(!retries.isEmpty)
        #expect(node1.count <= 3 * groups[1])
        let mastered = Set(cluster.sim.partitions(masteredBy: 1))
        #expect(node1.allSatisfy { Set($0.partitions + $0.resumed).isSubset(of: mastered) })
        // The snapshot still holds every record exactly.
        let expected = try cluster.recordsByDigest()
        #expect(summary.snapshotRecords == expected.count)
        let id = try #require(ID32(hex: summary.snapshotID))
        let contents = try await SnapshotContents.records(of: id, in: repository)
        #expect(SnapshotContents.differences(snapshot: contents, cluster: expected) == [])
    }
}
