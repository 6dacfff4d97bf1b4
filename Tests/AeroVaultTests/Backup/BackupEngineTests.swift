import AeroVault
import AerospikeSim
import AerospikeWire
import ArchiveStore
import Foundation
import Testing

@Suite(.serialized) struct BackupEngineTests {
    static func connect(_ cluster: TestCluster) async throws -> Cluster {
        try await BackupEngine.connect(ClusterConfig(seeds: cluster.ports.map { Host("127.0.0.1", $0) }))
    }

    static func backup(
        _ cluster: TestCluster, _ repository: Repository, configure: (inout BackupConfiguration) -> Void = { _ in },
        progress: any BackupProgress = SilentBackupProgress()
    ) async throws -> BackupSummary {
        let client = try await connect(cluster)
        defer { Task { await client.close() } }
        var config = BackupConfiguration(namespace: cluster.namespace)
        config.parallel = 8
        configure(&config)
        return try await BackupEngine(cluster: client, repository: repository, configuration: config, progress: progress).run()
    }

    @Test func smallFullBackupMatchesCluster() async throws {
        let cluster = try await TestCluster.start(records: 2000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepositoryFactory.make()
        let started = Date()
        let summary = try await Self.backup(cluster, repository)
        print("full 2000: \(Date().timeIntervalSince(started))s")
        #expect(summary.mode == .full)
        #expect(summary.records == 2000)
        #expect(summary.snapshotRecords == 2000)
        #expect(summary.scans == 4096)
        let id = try #require(ID32(hex: summary.snapshotID))
        let contents = try await SnapshotContents.records(of: id, in: repository)
        #expect(SnapshotContents.differences(snapshot: contents, cluster: try cluster.recordsByDigest()) == [])
    }
}
