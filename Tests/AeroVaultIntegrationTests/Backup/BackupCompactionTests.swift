import AeroVault
import AeroVaultTestSupport
import AerospikeSim
import AerospikeWire
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

@Suite(.serialized) struct BackupCompactionTests {
    /// Cluster records of the given partitions, by digest.
    static func records(_ cluster: TestCluster, partitions: Range<Int>) throws -> [[UInt8]: SimRecord] {
        try cluster.recordsByDigest().filter { partitions.contains(Digest.partitionID($0.key)) }
    }

    @Test func stacksCompactPastTheThresholdAndStayCorrect() async throws {
        let cluster = try await TestCluster.start(records: 8000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let partitions = 0..<128
        let configure: (inout BackupConfiguration) -> Void = {
            $0.partitions = try! PartitionSelection(range: "0-127")
            $0.compactionThreshold = 2
        }
        var summaries = [try await BackupEngineTests.backup(cluster, repository, configure: configure)]
        for round in 1...3 {
            try cluster.mutate(update: 0.05, delete: 0.03, insert: 0.03, round: round)
            summaries.append(try await BackupEngineTests.backup(cluster, repository, configure: configure))
            let last = summaries[summaries.count - 1]
            #expect(last.mode == .incremental)
            let id = try #require(ID32(hex: last.snapshotID))
            let snapshot = try await repository.loadSnapshot(id)
            let table = try await repository.loadPartitionTable(snapshot)
            let depths = table.stacks.map(\.count)
            #expect(depths[partitions].allSatisfy { $0 <= 2 })
            #expect(depths[128...].allSatisfy { $0 == 0 })
            let contents = try await SnapshotContents.records(of: id, in: repository)
            let expected = try Self.records(cluster, partitions: partitions)
            #expect(SnapshotContents.differences(snapshot: contents, cluster: expected) == [])
        }
        #expect(summaries[1].partitionsCompacted == 0)
        #expect(summaries[2].partitionsCompacted > 0)
        // Older snapshots still read back their own state (layers are immutable).
        let firstID = try #require(ID32(hex: summaries[0].snapshotID))
        let firstContents = try await SnapshotContents.records(of: firstID, in: repository)
        #expect(firstContents.count == summaries[0].snapshotRecords)
    }

    @Test func setAndBinFiltersAreHonoured() async throws {
        let cluster = try await TestCluster.start(records: 6000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let summary = try await BackupEngineTests.backup(cluster, repository) {
            $0.partitions = try! PartitionSelection(range: "0-255")
            $0.sets = ["orders", "events"]
            $0.binNames = ["id", "name"]
        }
        let id = try #require(ID32(hex: summary.snapshotID))
        let contents = try await SnapshotContents.records(of: id, in: repository)
        let expected = try Self.records(cluster, partitions: 0..<256).filter { ["orders", "events"].contains($0.value.setName ?? "") }
        #expect(contents.count == expected.count)
        #expect(!contents.isEmpty)
        for (digest, record) in contents {
            #expect(expected[digest] != nil)
            #expect(Set(record.bins.map(\.name)).isSubset(of: ["id", "name"]))
        }
        let snapshot = try await repository.loadSnapshot(id)
        #expect(snapshot.sets == ["events", "orders"])
        #expect(snapshot.binFilter == ["id", "name"])
    }
}
