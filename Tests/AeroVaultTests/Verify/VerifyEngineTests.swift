import AeroVaultTestSupport
import AerospikeWire
import ArchiveStore
import Foundation
import Testing

@testable import AeroVault

/// A cluster side made from archive records (as if they had been restored).
struct FakeClusterReader: ClusterRecordReader {
    var records: [ArchiveRecord]

    func partitionRecords(namespace: String, partitions: [Int], binNames: [String]?) async throws -> [Int: [VerifyRecord]] {
        let names = binNames.map { Set($0) }
        var out: [Int: [VerifyRecord]] = [:]
        for partition in partitions {
            out[partition] = records.filter { Digest.partitionID($0.digest) == partition }
                .sorted { $0.digest.lexicographicallyPrecedes($1.digest) }
                .map { VerifyRecord(archived: $0).keepingBins(names) }
        }
        return out
    }
}

@Suite struct VerifyEngineTests {
    let records = InMemorySnapshotSource.sampleRecords(300)
    let snapshot = RestoreEngineTests.snapshot
    let options = VerifyEngine.Options(partitions: Array(0..<64), parallel: 4)

    func verify(_ cluster: [ArchiveRecord], _ options: VerifyEngine.Options? = nil, snapshot: [ArchiveRecord]? = nil)
        async throws -> VerifyReport
    {
        try await VerifyEngine(
            source: InMemorySnapshotSource(records: snapshot ?? records), cluster: FakeClusterReader(records: cluster),
            options: options ?? self.options, clock: { RestoreEngineTests.now }
        ).run(snapshot: self.snapshot)
    }

    @Test func identicalClusterVerifies() async throws {
        let report = try await verify(records)
        #expect(report.isIdentical)
        #expect(report.tally.identical == 300)
        #expect(report.partitionsVerified.count == 64)
        #expect(report.status == .identical)
    }

    @Test func missingRecordIsReported() async throws {
        let report = try await verify(Array(records.dropFirst()))
        #expect(report.tally.missing == 1)
        #expect(report.tally.extra == 0 && report.tally.changed == 0)
        #expect(report.status == .different)
    }

    @Test func extraRecordIsReported() async throws {
        var extra = records[0]
        extra.digest[5] = 0xFF
        let report = try await verify(records + [extra])
        #expect(report.tally.extra == 1)
        #expect(report.tally.missing == 0 && report.tally.changed == 0)
        #expect(report.status == .different)
    }

    @Test func changedRecordIsReported() async throws {
        var cluster = records
        cluster[17].bins[0].value = [0, 0, 0, 0, 0, 0, 0, 99]
        let report = try await verify(cluster)
        #expect(report.tally.changed == 1)
        #expect(report.tally.missing == 0 && report.tally.extra == 0)
        #expect(report.tally.examples.first?.digest == HexCoding.encode(records[17].digest))
    }

    @Test func expiredSnapshotRecordsAreNotExpected() async throws {
        var snapshotRecords = records
        snapshotRecords[3].voidTime = RestoreEngineTests.nowVoid - 5
        var cluster = records
        cluster.remove(at: 3)
        let report = try await verify(cluster, snapshot: snapshotRecords)
        #expect(report.isIdentical)
    }

    @Test func setFilterAppliesToBothSides() async throws {
        var cluster = records.filter { $0.set == "even" }
        cluster[0].bins[0].value = [1, 2, 3, 4, 5, 6, 7, 8]
        var filtered = options
        filtered.sets = ["odd"]
        let report = try await verify(cluster + records.filter { $0.set == "odd" }, filtered)
        #expect(report.isIdentical)
        #expect(report.filtered == 150)
    }

    @Test func damagedSnapshotPartitionFailsVerify() async throws {
        var source = InMemorySnapshotSource(records: records)
        source.failures = [2: (failAfter: 0, error: ArchiveStoreError(.corrupted, "chunk x in data/aa/bb is damaged"))]
        let report = try await VerifyEngine(
            source: source, cluster: FakeClusterReader(records: records), options: options
        ).run(snapshot: snapshot)
        #expect(report.partitionsFailed.map(\.partition) == [2])
        #expect(!report.isIdentical)
    }
}
