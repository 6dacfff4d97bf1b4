import AeroVault
import AeroVaultTestSupport
import AerospikeWire
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

/// asbackup's `--filter-exp`, `--node-list` and `--prefer-racks` against the simulator (SPEC.md §14
/// "backup", "asbackup's flags"): the expression travels in the scan's filter field and the simulator
/// applies it; the node list picks the partitions the named node masters; preferred racks take the
/// scans off the other rack's node.
@Suite(.serialized) struct BackupAsbackupFlagTests {
    @Test func filterExpKeepsOnlyTheRecordsItAccepts() async throws {
        let cluster = try await TestCluster.start(records: 300, nodes: 2)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let records = try cluster.recordsByDigest()
        let set = try #require(records.values.compactMap(\.setName).min())
        let wire = FilterExpression.eq(.setName, .string(set)).encode()
        let expression = try BackupConfiguration.filterExpression(base64: Data(wire).base64EncodedString())
        let summary = try await BackupEngineTests.backup(cluster, repository) { $0.filterExpression = expression }
        let expected = Set(records.filter { $0.value.setName == set }.keys)
        #expect(!expected.isEmpty && expected.count < records.count)
        let contents = try await SnapshotContents.records(of: try #require(ID32(hex: summary.snapshotID)), in: repository)
        #expect(Set(contents.keys) == expected)
    }

    @Test func nodeListSelectsThePartitionsThatNodeMasters() async throws {
        let cluster = try await TestCluster.start(records: 300, nodes: 2)
        defer { Task { await cluster.stop() } }
        let client = try await BackupEngineTests.connect(cluster)
        defer { Task { await client.close() } }
        let selection = try await BackupEngine.partitions(
            masteredBy: [cluster.hosts[1]], namespace: cluster.namespace, in: client)
        #expect(selection.ids == cluster.sim.partitions(masteredBy: 1).sorted())
        await #expect(throws: AeroVaultError.self) {
            _ = try await BackupEngine.partitions(masteredBy: ["127.0.0.1:1"], namespace: cluster.namespace, in: client)
        }
    }

    /// Node 0 is alone on rack 1, nodes 1 and 2 on rack 2 (replication factor 2): preferring rack 2,
    /// every partition has a copy there, so node 0 serves no scan, and the snapshot is still complete.
    @Test func preferRacksReadsReplicasOnThoseRacks() async throws {
        let cluster = try await TestCluster.start(records: 300, nodes: 3, racks: [1, 2, 2])
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        var config = ClusterConfig(seeds: cluster.ports.map { Host("127.0.0.1", $0) })
        config.preferredRacks = [2]
        let client = try await Cluster.connect(config)
        defer { Task { await client.close() } }
        var backup = BackupConfiguration(namespace: cluster.namespace)
        backup.parallel = 4
        let summary = try await BackupEngine(cluster: client, repository: repository, configuration: backup).run()
        let jobs = cluster.sim.scanJobs
        #expect(!jobs.isEmpty && jobs.allSatisfy { $0.node != 0 })
        let contents = try await SnapshotContents.records(of: try #require(ID32(hex: summary.snapshotID)), in: repository)
        #expect(Set(contents.keys) == Set(try cluster.recordsByDigest().keys))
    }
}
