import AeroVault
import AeroVaultTestSupport
import AerospikeSim
import AerospikeWire
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

/// Issue 14, cases 1, 2 and 4 against the simulator: scopes are recorded, a parent comes from the same
/// cluster only, and the changed-record scan is dated by the cluster's clock (SPEC.md §9, §14 "backup").
@Suite(.serialized) struct BackupTrustTests {
    /// A backup of `cluster` reached through `seeds` (default: every node).
    static func backup(
        _ cluster: TestCluster, _ repository: Repository, seeds: [Int]? = nil,
        configure: (inout BackupConfiguration) -> Void = { _ in }
    ) async throws -> BackupSummary {
        let client = try await BackupEngine.connect(
            ClusterConfig(seeds: (seeds ?? cluster.ports).map { Host("127.0.0.1", $0) }))
        defer { Task { await client.close() } }
        var config = BackupConfiguration(namespace: cluster.namespace)
        config.parallel = 8
        configure(&config)
        return try await BackupEngine(cluster: client, repository: repository, configuration: config).run()
    }

    static func expectSnapshotEqualsCluster(_ summary: BackupSummary, _ cluster: TestCluster, _ repository: Repository)
        async throws
    {
        let id = try #require(ID32(hex: summary.snapshotID))
        let contents = try await SnapshotContents.records(of: id, in: repository)
        #expect(SnapshotContents.differences(snapshot: contents, cluster: try cluster.recordsByDigest()) == [])
    }

    @Test func partialBackupsRecordTheirScopeAndLatestSkipsThem() async throws {
        let cluster = try await TestCluster.start(records: 1500)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let full = try await Self.backup(cluster, repository)
        _ = try await Self.backup(cluster, repository) { $0.partitions = try! PartitionSelection(range: "0-99") }
        _ = try await Self.backup(cluster, repository) { $0.noTTLOnly = true }
        let all = try await repository.listSnapshots()
        let scopes = all.map { SnapshotScope($0.snapshot).description }
        #expect(scopes == ["test", "test partitions=0-99", "test no-ttl-only"])
        #expect(all.allSatisfy { $0.snapshot.scope?.clusterNodes?.count == 3 })
        let latest = try await SnapshotSelector.select("latest", at: nil, namespace: "test", in: repository)
        #expect(latest.id.hex == full.snapshotID)
    }

    @Test func aSameNamedClusterIsNeverTheParentButAnotherSeedOfTheSameClusterIs() async throws {
        // Same cluster name, same node ids, same records: only B changed some values long ago.
        let a = try await TestCluster.start(records: 1500, seed: 5)
        let b = try await TestCluster.start(records: 1500, seed: 5)
        defer { Task { await a.stop(); await b.stop() } }
        let stale = b.sim.clock.nowMs - 600_000
        for var record in try b.sim.records(namespace: "test").prefix(200) {
            record.bins = record.bins.filter { $0.name != "note" } + [.string("note", "only on B")]
            record.lastUpdateMs = stale
            try b.sim.put(namespace: "test", record: record)
        }
        let (repository, _) = try await TestRepository.makeLocal()
        let first = try await Self.backup(a, repository)
        #expect(first.noParent?.hasPrefix("no earlier snapshot") == true)

        let other = try await Self.backup(b, repository)
        #expect(other.mode == .full)
        #expect(other.noParent?.contains("another cluster") == true)
        try await Self.expectSnapshotEqualsCluster(other, b, repository)

        let again = try await Self.backup(a, repository, seeds: [a.ports[2]])
        #expect(again.mode == .incremental)
        #expect(again.parent == first.snapshotID)
        try await Self.expectSnapshotEqualsCluster(again, a, repository)

        let named = try await Self.backup(b, repository) { $0.parentID = String(other.snapshotID.prefix(8)) }
        #expect(named.parent == other.snapshotID)
        await #expect(throws: AeroVaultError.self) {
            _ = try await Self.backup(b, repository) {
                $0.parentID = String(other.snapshotID.prefix(8))
                $0.sets = ["users"]
            }
        }
    }

    @Test func aSnapshotWithoutClusterIdentityIsOnlyAParentWhenNamed() async throws {
        let cluster = try await TestCluster.start(records: 800)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let first = try await Self.backup(cluster, repository)
        // Rewrite it as an older aerovault wrote it: no scope fields, so no node set.
        let firstID = try #require(ID32(hex: first.snapshotID))
        var old = try await repository.loadSnapshot(firstID)
        old.scope = nil
        let oldID = try await repository.saveSnapshot(old)
        try await repository.removeSnapshot(firstID)

        let second = try await Self.backup(cluster, repository)
        #expect(second.mode == .full)
        #expect(second.noParent?.contains("--parent \(oldID.short)") == true)
        let third = try await Self.backup(cluster, repository) { $0.parentID = oldID.short }
        #expect(third.parent == oldID.hex)
        try await Self.expectSnapshotEqualsCluster(third, cluster, repository)
    }

    /// The host 60 s ahead of the cluster (offset −60 s) lost every update before; the cluster ahead
    /// must work too.
    @Test(arguments: [Int64(-60_000), Int64(60_000)])
    func incrementalSeesEveryUpdateWhateverTheHostClock(offsetMs: Int64) async throws {
        let cluster = try await TestCluster.start(records: 1500)
        defer { Task { await cluster.stop() } }
        cluster.sim.clockOffsetMs = offsetMs
        let (repository, _) = try await TestRepository.makeLocal()
        let full = try await Self.backup(cluster, repository)
        let clusterNowNs = UInt64(cluster.sim.clock.nowMs) * 1_000_000
        #expect(full.scanStart <= clusterNowNs && full.scanStart + 30_000_000_000 > clusterNowNs)
        let change = try cluster.mutate(update: 0.1, delete: 0.02, insert: 0.02)
        #expect(!change.updated.isEmpty && !change.inserted.isEmpty)
        let incremental = try await Self.backup(cluster, repository)
        #expect(incremental.mode == .incremental)
        try await Self.expectSnapshotEqualsCluster(incremental, cluster, repository)
    }
}
