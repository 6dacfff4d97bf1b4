import AeroVault
import AeroVaultTestSupport
import AerospikeSim
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

/// `copy` (SPEC.md §14): snapshots written by the real backup engine, copied into a repository with
/// other keys, hold the same records, check clean, and serve as parents of the next backup there.
@Suite(.serialized) struct SnapshotCopierIntegrationTests {
    func backup(_ cluster: TestCluster, _ repository: Repository) async throws -> BackupSummary {
        let selection = try PartitionSelection(ids: Array(ManageBackupIntegrationTests.partitions))
        return try await BackupEngineTests.backup(cluster, repository) { $0.partitions = selection }
    }

    @Test func aCopiedChainHasTheSameRecordsAndTheNextBackupThereIsIncremental() async throws {
        let cluster = try await TestCluster.start(records: 2000)
        defer { Task { await cluster.stop() } }
        let (source, _) = try await TestRepository.makeLocal(packSize: 64 << 10)
        let (destination, directory) = try await TestRepository.makeLocal(packSize: 64 << 10)
        let full = try await backup(cluster, source)
        _ = try cluster.mutate(update: 0.05, delete: 0.03, insert: 0.02, round: 1)
        let incremental = try await backup(cluster, source)
        #expect(incremental.mode == .incremental)
        let ids = try [full, incremental].map { try #require(ID32(hex: $0.snapshotID)) }

        let copier = SnapshotCopier(source: source, destination: destination)
        var reported: [SnapshotID] = []
        let copied = try await copier.copy(ids.reversed()) { reported.append($0.source) }
        #expect(copied.map(\.source) == ids, "oldest first")
        #expect(reported == ids)
        #expect(copied.allSatisfy { !$0.alreadyPresent })
        #expect(copied[0].chunksStored > 0 && copied[1].chunksReused > 0)

        for (original, copy) in zip(ids, copied.map(\.destination)) {
            #expect(copy != original)
            let records = try await SnapshotContents.records(of: original, in: source)
            #expect(try await SnapshotContents.records(of: copy, in: destination) == records)
            let manifest = try await destination.loadSnapshot(copy)
            #expect(manifest.original == original)
            var expected = try await source.loadSnapshot(original)
            expected.metadata = manifest.metadata
            expected.partitionTable = manifest.partitionTable
            expected.parent = manifest.parent
            expected.original = original
            // The copy is written by the destination's key (SPEC.md §9 "Audit").
            #expect(manifest.keyID == (await destination.keyID) && manifest.keyRole == "admin")
            expected.keyID = manifest.keyID
            expected.keyRole = manifest.keyRole
            #expect(manifest == expected, "only the chunk references, parent, original and writing key change")
        }
        #expect(try await destination.loadSnapshot(copied[1].destination).parent == copied[0].destination)

        // Copying again (from a new copier, as a second run would) adds nothing.
        let packs = try await destination.backend.list(.pack).count
        let again = try await SnapshotCopier(source: source, destination: destination).copy(ids)
        #expect(again.map(\.destination) == copied.map(\.destination))
        #expect(again.allSatisfy { $0.alreadyPresent && $0.chunksStored == 0 })
        #expect(try await destination.backend.list(.pack).count == packs)

        let reopened = try await TestRepository.reopen(directory)
        let report = try await Checker(repository: reopened, expanders: .aerovault).run(CheckOptions(readData: .all))
        #expect(report.isClean, "\(report.problems.prefix(5))")

        // The copies carry their digest lists and parameters: a backup into the destination finds the
        // copied incremental as its parent and records exactly the cluster.
        _ = try cluster.mutate(update: 0.05, delete: 0.02, insert: 0.02, round: 2)
        let next = try await backup(cluster, reopened)
        #expect(next.mode == .incremental)
        #expect(next.parent == copied[1].destination.hex)
        let after = try await SnapshotContents.records(of: try #require(ID32(hex: next.snapshotID)), in: reopened)
        let expected = try cluster.recordsByDigest().filter { ManageBackupIntegrationTests.inRange($0.key) }
        #expect(SnapshotContents.differences(snapshot: after, cluster: expected) == [])
    }
}
