import AeroVault
import AeroVaultTestSupport
import AerospikeSim
import AerospikeWire
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

/// forget, prune, check and diff on snapshots written by the real backup engine from the simulator
/// (partitions 0..<256 only, to keep the test fast).
@Suite(.serialized) struct ManageBackupIntegrationTests {
    static let partitions = 0..<256

    static func inRange(_ digest: [UInt8]) -> Bool {
        partitions.contains((Int(digest[0]) | Int(digest[1]) << 8) & 0x0FFF)
    }

    func backup(_ cluster: TestCluster, _ repository: Repository) async throws -> BackupSummary {
        let selection = try PartitionSelection(ids: Array(Self.partitions))
        return try await BackupEngineTests.backup(cluster, repository) { $0.partitions = selection }
    }

    func clusterState(_ cluster: TestCluster) throws -> [[UInt8]: SimRecord] {
        try cluster.recordsByDigest().filter { Self.inRange($0.key) }
    }

    @Test func forgetParentPruneThenIncrementalStillWorks() async throws {
        let cluster = try await TestCluster.start(records: 8000, extraNamespaces: ["restored"])
        defer { Task { await cluster.stop() } }
        let (repository, directory) = try await TestRepository.makeLocal(packSize: 64 << 10)
        let first = try await backup(cluster, repository)
        let change = try cluster.mutate(update: 0.05, delete: 0.02, insert: 0.02, round: 1)
        let second = try await backup(cluster, repository)
        #expect(second.mode == .incremental)
        let ids = try [first, second].map { try #require(ID32(hex: $0.snapshotID)) }

        // diff full → incremental matches the mutation.
        let difference = try await SnapshotDiffer(loader: repository).diff(ids[0], ids[1]).total
        #expect(difference.deleted == change.deleted.filter(Self.inRange).count)
        #expect(difference.added == change.inserted.filter(Self.inRange).count)
        #expect(difference.changed == change.updated.filter(Self.inRange).count)
        #expect(difference.deleted > 0 && difference.added > 0 && difference.changed > 0)

        // Forget the parent, prune everything unused: the incremental is whole.
        let forgetter = SnapshotForgetter(repository: repository)
        let plan = try await forgetter.plan(policy: ForgetPolicy(last: 1))
        #expect(plan.kept.map(\.id) == [ids[1]])
        try await forgetter.remove(plan.removed)
        let packBytes = { try await repository.backend.list(.pack).reduce(0) { $0 + $1.size } }
        let storedBefore = try await packBytes()
        let pruner = Pruner(repository: repository, expanders: .aerovault)
        let prunePlan = try await pruner.plan(PruneOptions(maxUnusedFraction: 0))
        #expect(prunePlan.deadChunks > 0)
        try await pruner.execute(prunePlan)
        #expect(try await packBytes() < storedBefore)

        let reopened = try await TestRepository.reopen(directory)
        let report = try await Checker(repository: reopened, expanders: .aerovault).run(CheckOptions(readData: .all))
        #expect(report.isClean, "\(report.problems.prefix(5))")
        let contents = try await SnapshotContents.records(of: ids[1], in: reopened)
        #expect(SnapshotContents.differences(snapshot: contents, cluster: try clusterState(cluster)) == [])

        // The kept snapshot restores: the restored namespace equals the cluster at backup time.
        let expected = try RestoreIntegrationTests.contents(cluster, cluster.namespace).filter { Self.inRange($0.key) }
        let restoreReport = try await RestoreIntegrationTests.restore(ids[1], from: reopened, into: cluster, namespace: "restored")
        #expect(restoreReport.isComplete)
        #expect(RestoreIntegrationTests.differences(expected, try RestoreIntegrationTests.contents(cluster, "restored")) == [])

        // The next backup is an incremental on the pruned snapshot (its digest lists survived).
        _ = try cluster.mutate(update: 0.05, delete: 0.02, insert: 0.02, round: 2)
        let third = try await backup(cluster, reopened)
        #expect(third.mode == .incremental)
        #expect(third.parent == second.snapshotID)
        let after = try await SnapshotContents.records(of: try #require(ID32(hex: third.snapshotID)), in: reopened)
        #expect(SnapshotContents.differences(snapshot: after, cluster: try clusterState(cluster)) == [])
        #expect(try await Checker(repository: reopened, expanders: .aerovault).run().isClean)
    }
}
