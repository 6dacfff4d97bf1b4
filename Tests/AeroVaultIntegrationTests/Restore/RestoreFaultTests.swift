import AeroVault
import AerospikeSim
import AerospikeWire
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

/// Restore under damage and failure: tampered pack, node killed mid-restore, expired records.
@Suite(.serialized) struct RestoreFaultTests {
    typealias It = RestoreIntegrationTests

    @Test func tamperedPackIsNamedAndOtherPartitionsAreRestored() async throws {
        let cluster = try await TestCluster.start(records: 3000, extraNamespaces: ["restored"])
        defer { Task { await cluster.stop() } }
        let (repository, directory) = try await TestRepository.makeLocal()
        let q = It.quarter
        let id = try await It.backup(cluster, repository, partitions: q)

        // Flip one byte in the middle of the first data chunk of the first non-empty partition.
        let snapshot = try await repository.loadSnapshot(id)
        let table = try await repository.loadPartitionTable(snapshot)
        let victim = try #require(table.stacks.firstIndex { !$0.isEmpty })
        let layer = try await repository.loadLayer(table.stacks[victim][0].id)
        let firstChunk = try #require(layer.chunks.first)
        let location = try #require(await repository.location(of: firstChunk))
        let packPath = directory.appendingPathComponent(FileKind.pack.path(of: location.pack.hex)).path
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: packPath)))
        bytes[Int(location.offset) + Int(location.length) / 2] ^= 0x40
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: packPath)
        try Data(bytes).write(to: URL(fileURLWithPath: packPath))

        let reopened = try await TestRepository.reopen(directory)
        let report = try await It.restore(
            id, from: reopened, into: cluster, namespace: "restored", options: RestoreOptions(partitions: q))
        #expect(report.partitionsFailed.map(\.partition) == [victim])
        let message = try #require(report.partitionsFailed.first?.message)
        #expect(message.contains(location.pack.hex), "\(message)")
        #expect(message.contains("damaged") || message.contains("does not match"), "\(message)")
        #expect(report.partitionsRestored.count == q.count - 1)
        #expect(!report.partitionsRestored.contains(victim))
        #expect(report.status == .partitionsFailed)
        // Nothing of the damaged partition's records is invented; every other record is there.
        let restored = try It.contents(cluster, "restored")
        let original = try It.contents(cluster, cluster.namespace, partitions: q)
        let victimRecords = original.keys.filter { Digest.partitionID($0) == victim }
        #expect(restored.count == original.count - victimRecords.count)
    }

    @Test func nodeKilledMidRestoreLosesNoRecord() async throws {
        let cluster = try await TestCluster.start(records: 8000, extraNamespaces: ["restored"])
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let q = It.quarter
        let id = try await It.backup(cluster, repository, partitions: q)
        let expected = try It.contents(cluster, cluster.namespace, partitions: q)
        let sim = cluster.sim
        let progress = CountingRestoreProgress(after: 200) {
            Task { try? await sim.kill(node: 1) }
        }
        let report = try await It.restore(
            id, from: repository, into: cluster, namespace: "restored", options: RestoreOptions(partitions: q, parallel: 4),
            progress: progress)
        #expect(sim.liveNodes == [0, 2])
        #expect(report.isComplete)
        #expect(report.counts.restored == expected.count)
        #expect(It.differences(expected, try It.contents(cluster, "restored")) == [])
        let verified = try await It.verify(id, in: repository, against: cluster, namespace: "restored", partitions: q)
        #expect(verified.isIdentical, "\(verified.countsLine)")
    }

    @Test func expiredRecordsAreSkippedAndCounted() async throws {
        let cluster = try await TestCluster.start(records: 4000, extraNamespaces: ["restored"])
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let q = It.quarter
        let id = try await It.backup(cluster, repository, partitions: q)
        let expected = try It.contents(cluster, cluster.namespace, partitions: q)
        let withTTL = expected.values.filter { $0.voidTime != 0 }.count
        #expect(withTTL > 0)

        // 40 days later every seeded TTL (at most 30 days) has passed.
        let later = Date().addingTimeInterval(40 * 86_400)
        let report = try await It.restore(
            id, from: repository, into: cluster, namespace: "restored", options: RestoreOptions(partitions: q),
            clock: { later })
        #expect(report.counts.skippedExpired == withTTL)
        #expect(report.counts.restored == expected.count - withTTL)
        #expect(report.isComplete)
        #expect(try cluster.sim.records(namespace: "restored").allSatisfy { $0.voidTime == 0 })

        // --ttl never-expire restores them all, without expiry.
        let all = try await It.restore(
            id, from: repository, into: cluster, namespace: "restored",
            options: RestoreOptions(partitions: q, checkGeneration: false, ttlMode: .neverExpire), clock: { later })
        #expect(all.counts.skippedExpired == 0)
        #expect(all.counts.restored == expected.count)
    }
}
