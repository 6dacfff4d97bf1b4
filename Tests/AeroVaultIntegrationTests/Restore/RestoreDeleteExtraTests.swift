import AerospikeSim
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

@testable import AeroVault

/// `restore --delete-extra` (SPEC.md §14 "restore"): a point-in-time rollback of a live namespace.
@Suite(.serialized) struct RestoreDeleteExtraTests {
    /// Partitions 0..<1024: a quarter of the namespace keeps the test's scans few; the rollback rule is
    /// per partition, so the other partitions add nothing but time.
    static func inRange(_ digest: [UInt8]) -> Bool { ((Int(digest[0]) | Int(digest[1]) << 8) & 0x0FFF) < 1024 }

    @Test func restoringOverChangedDataWithDeleteExtraRollsTheNamespaceBack() async throws {
        let cluster = try await TestCluster.start(records: 2000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal(packSize: 64 << 10)
        let backup = try await BackupEngineTests.backup(cluster, repository) {
            $0.partitions = try! PartitionSelection(ids: Array(0..<1024))
        }
        let id = try #require(ID32(hex: backup.snapshotID))
        let atBackup = try cluster.recordsByDigest().filter { Self.inRange($0.key) }
        let change = try cluster.mutate(update: 0.05, delete: 0.03, insert: 0.04, round: 1)
        let inserted = change.inserted.filter(Self.inRange)
        #expect(!inserted.isEmpty && !change.deleted.filter(Self.inRange).isEmpty)

        var options = RestoreOptions(existsAction: .replace, checkGeneration: false)
        options.partitions = Array(0..<1024)
        options.deleteExtra = try DeleteScope.make(for: try await repository.loadSnapshot(id), restoreSets: [])
        let report = try await RestoreIntegrationTests.restore(
            id, from: repository, into: cluster, namespace: cluster.namespace, options: options)
        #expect(report.isComplete)
        #expect(report.counts.deleted == inserted.count)
        let now = try cluster.recordsByDigest().filter { Self.inRange($0.key) }
        #expect(Set(now.keys) == Set(atBackup.keys))
        #expect(RestoreIntegrationTests.differences(atBackup, now) == [])
    }

    @Test func onlyTheSnapshotsSetsAndPartitionsAreTouched() async throws {
        let cluster = try await TestCluster.start(records: 1500)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal(packSize: 64 << 10)
        let partitions = Array(0..<512)
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
            return partition < 512 && before[digest]?.setName == "users"
        }
        #expect(!newInScope.isEmpty)
        #expect(report.counts.deleted == newInScope.count)
        for digest in change.inserted { #expect((now[digest] == nil) == newInScope.contains(digest)) }
    }
}
