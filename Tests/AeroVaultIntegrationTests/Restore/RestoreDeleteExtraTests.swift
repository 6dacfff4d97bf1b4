import AerospikeSim
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

@testable import AeroVault

/// `restore --delete-extra` (SPEC.md §14 "restore"): a point-in-time rollback of a live namespace.
@Suite(.serialized) struct RestoreDeleteExtraTests {
    @Test func restoringOverChangedDataWithDeleteExtraRollsTheNamespaceBack() async throws {
        let cluster = try await TestCluster.start(records: 3000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal(packSize: 64 << 10)
        let backup = try await BackupEngineTests.backup(cluster, repository)
        let id = try #require(ID32(hex: backup.snapshotID))
        let atBackup = try cluster.recordsByDigest()
        let change = try cluster.mutate(update: 0.05, delete: 0.03, insert: 0.04, round: 1)
        #expect(!change.inserted.isEmpty && !change.deleted.isEmpty)

        var options = RestoreOptions(existsAction: .replace, checkGeneration: false)
        options.deleteExtra = DeleteScope()
        let report = try await RestoreIntegrationTests.restore(
            id, from: repository, into: cluster, namespace: cluster.namespace, options: options)
        #expect(report.isComplete)
        #expect(report.counts.deleted == change.inserted.count)
        let now = try cluster.recordsByDigest()
        #expect(Set(now.keys) == Set(atBackup.keys))
        #expect(RestoreIntegrationTests.differences(atBackup, now) == [])
    }

    @Test func onlyTheSnapshotsSetsAndPartitionsAreTouched() async throws {
        let cluster = try await TestCluster.start(records: 2000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal(packSize: 64 << 10)
        let partitions = Array(0..<2048)
        let backup = try await BackupEngineTests.backup(cluster, repository) {
            $0.sets = ["users"]
            $0.partitions = try! PartitionSelection(ids: partitions)
        }
        let id = try #require(ID32(hex: backup.snapshotID))
        let change = try cluster.mutate(update: 0, delete: 0, insert: 0.1, round: 1)
        let before = try cluster.recordsByDigest()
        let snapshot = try await repository.loadSnapshot(id)
        var options = RestoreOptions()
        options.deleteExtra = try DeleteScope.make(for: snapshot, restoreSets: [])
        let report = try await RestoreIntegrationTests.restore(
            id, from: repository, into: cluster, namespace: cluster.namespace, options: options)
        #expect(report.isComplete)

        let now = try cluster.recordsByDigest()
        let newInScope = change.inserted.filter { digest in
            let partition = (Int(digest[0]) | Int(digest[1]) << 8) & 0x0FFF
            return partition < 2048 && before[digest]?.setName == "users"
        }
        #expect(!newInScope.isEmpty)
        #expect(report.counts.deleted == newInScope.count)
        for digest in change.inserted { #expect((now[digest] == nil) == newInScope.contains(digest)) }
    }
}
