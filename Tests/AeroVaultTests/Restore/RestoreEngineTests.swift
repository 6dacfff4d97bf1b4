import AeroVaultTestSupport
import AerospikeWire
import ArchiveStore
import Foundation
import Testing

@testable import AeroVault

/// A restore target that records rows and answers with scripted result codes.
final class FakeRestoreTarget: RestoreTarget, @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private let lock = NSLock()
    private var rows: [BatchWriteRow] = []
    private var calls: [[BatchWriteRow]] = []
    let namespaces: Set<String>
    /// Awaited by every `writeRows` call before it answers (tests that need rows to pile up).
    let gate: WriteGate?
    /// Digest → result code to answer (default 0).
    let answers: [[UInt8]: UInt8]

    init(namespaces: Set<String> = ["target", "source"], answers: [[UInt8]: UInt8] = [:], gate: WriteGate? = nil) {
        self.namespaces = namespaces
        self.answers = answers
        self.gate = gate
    }

    var written: [BatchWriteRow] { lock.withLock { rows } }
    /// The rows of each `writeRows` call, in call order.
    var batches: [[BatchWriteRow]] { lock.withLock { calls } }

    func writeRows(_ rows: [BatchWriteRow]) async throws -> [WriteRowResult] {
        await gate?.wait()
        lock.withLock {
            self.rows += rows
            calls.append(rows)
        }
        return rows.map { WriteRowResult(resultCode: answers[$0.digest] ?? 0, message: "scripted") }
    }

    func runInfo(_ commands: [String]) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: commands.map { ($0, "ok") })
    }

    func hasNamespace(_ namespace: String) async throws -> Bool { namespaces.contains(namespace) }
}

extension BatchWriteRow {
    /// The row decoded by the general decoder, for assertions.
    var decoded: BatchRow.Attributes { (try? attributes()) ?? BatchRow.Attributes() }
    var setName: String? { decoded.fields.first { $0.type == .setName }?.stringValue }
}

@Suite struct RestoreEngineTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static var nowVoid: UInt32 { UInt32(1_700_000_000 - CitrusleafEpoch.unixSeconds) }

    static let snapshot = RestoreEngine.SnapshotInfo(id: "abc", namespace: "source", time: now.addingTimeInterval(-60))

    func engine(
        _ source: some SnapshotRecordSource, _ target: FakeRestoreTarget, _ options: RestoreOptions
    ) -> RestoreEngine {
        RestoreEngine(source: source, target: target, options: options, clock: { Self.now })
    }

    @Test func restoresEveryRecordIntoTheTargetNamespace() async throws {
        let source = InMemorySnapshotSource(records: InMemorySnapshotSource.sampleRecords(500))
        let target = FakeRestoreTarget()
        let options = RestoreOptions(targetNamespace: "target", partitions: Array(0..<64), parallel: 4, batchSize: 16)
        let report = try await engine(source, target, options).run(snapshot: Self.snapshot)
        #expect(report.counts.restored == 500)
        #expect(report.counts.read == 500)
        #expect(report.partitionsRestored == Array(0..<64))
        #expect(report.isComplete)
        #expect(report.status == .complete)
        let rows = target.written
        #expect(rows.count == 500)
        #expect(Set(rows.map(\.namespace)) == ["target"])
        #expect(Set(rows.map(\.digest)).count == 500)
        #expect(rows.allSatisfy { $0.decoded.generation == 2 && ($0.decoded.info2 ?? 0) & Info2.generationGT != 0 })
    }

    @Test func damagedPartitionIsNamedAndTheOthersAreRestored() async throws {
        var source = InMemorySnapshotSource(records: InMemorySnapshotSource.sampleRecords(256))
        let damage = ArchiveStoreError(.corrupted, "chunk 1234abcd in data/9f/9f00aa is damaged (authentication failed)")
        source.failures = [5: (failAfter: 1, error: damage)]
        let target = FakeRestoreTarget()
        let report = try await engine(source, target, RestoreOptions(partitions: Array(0..<64), parallel: 3))
            .run(snapshot: Self.snapshot)
        #expect(report.partitionsFailed.map(\.partition) == [5])
        #expect(report.partitionsFailed.first?.message.contains("data/9f/9f00aa") == true)
        #expect(report.partitionsFailed.first?.recordsWritten == 0)  // the batch was not yet flushed
        #expect(report.partitionsRestored.count == 63)
        #expect(!report.partitionsRestored.contains(5))
        #expect(report.status == .partitionsFailed)
    }

    @Test func expiredRecordsAreSkippedAndCounted() async throws {
        let source = InMemorySnapshotSource(
            records: InMemorySnapshotSource.sampleRecords(100) { i in i % 4 == 0 ? Self.nowVoid - 10 : (i % 4 == 1 ? Self.nowVoid + 500 : 0) })
        let target = FakeRestoreTarget()
        let report = try await engine(source, target, RestoreOptions(partitions: Array(0..<64)))
            .run(snapshot: Self.snapshot)
        #expect(report.counts.skippedExpired == 25)
        #expect(report.counts.restored == 75)
        let ttls = target.written.map(\.decoded.ttl)
        #expect(ttls.filter { $0 == RecordTTL.seconds(500).wireValue }.count == 25)
        #expect(ttls.filter { $0 == RecordTTL.never.wireValue }.count == 50)
    }

    /// A record the cluster would refuse (bin name over 15 bytes) fails alone, without being sent.
    @Test func anUnencodableRecordFailsAloneAndIsNotSent() async throws {
        var records = InMemorySnapshotSource.sampleRecords(10)
        records[3].bins = [ArchiveBin(name: "a-name-of-20-bytes!!", particleType: 1, value: [0, 0, 0, 0, 0, 0, 0, 1])]
        let target = FakeRestoreTarget()
        let report = try await engine(InMemorySnapshotSource(records: records), target, RestoreOptions(partitions: Array(0..<64)))
            .run(snapshot: Self.snapshot)
        #expect(report.counts.restored == 9)
        #expect(report.counts.failed == 1)
        #expect(report.partitionsFailed.isEmpty)
        #expect(report.recordFailures.first?.reason.contains("exceeds 15 bytes") == true)
        #expect(target.written.count == 9)
        #expect(!target.written.contains { $0.digest == records[3].digest })
    }

    @Test func generationAndExistsAnswersCountAsSkipped() async throws {
        let records = InMemorySnapshotSource.sampleRecords(10)
        let answers: [[UInt8]: UInt8] = [records[0].digest: 3, records[1].digest: 5]
        let target = FakeRestoreTarget(answers: answers)
        let report = try await engine(InMemorySnapshotSource(records: records), target, RestoreOptions(partitions: Array(0..<64)))
            .run(snapshot: Self.snapshot)
        #expect(report.counts.skippedExisting == 2)
        #expect(report.counts.restored == 8)
        #expect(report.counts.failed == 0)
    }

    @Test func recordFailureStopsTheRestoreUnlessIgnored() async throws {
        let records = InMemorySnapshotSource.sampleRecords(640)
        let target = FakeRestoreTarget(answers: [records[0].digest: 13])
        let options = RestoreOptions(partitions: Array(0..<64), parallel: 1)
        let report = try await engine(InMemorySnapshotSource(records: records), target, options).run(snapshot: Self.snapshot)
        #expect(report.counts.failed == 1)
        #expect(report.recordFailures.first?.reason.contains("13") == true)
        #expect(report.partitionsNotStarted.count == 63)
        #expect(report.status == .partitionsFailed)

        var ignoring = options
        ignoring.ignoreRecordErrors = true
        let target2 = FakeRestoreTarget(answers: [records[0].digest: 13])
        let all = try await engine(InMemorySnapshotSource(records: records), target2, ignoring).run(snapshot: Self.snapshot)
        #expect(all.counts.failed == 1)
        #expect(all.counts.restored == 639)
        #expect(all.partitionsNotStarted.isEmpty)
        #expect(all.status == .recordsFailed)
    }

    @Test func dryRunWritesNothing() async throws {
        let target = FakeRestoreTarget()
        let options = RestoreOptions(partitions: Array(0..<64), dryRun: true)
        let report = try await engine(InMemorySnapshotSource(records: InMemorySnapshotSource.sampleRecords(50)), target, options)
            .run(snapshot: Self.snapshot)
        #expect(report.counts.restored == 50)
        #expect(target.written.isEmpty)
    }

    @Test func dryRunNeedsNoCluster() async throws {
        let options = RestoreOptions(targetNamespace: "anything", partitions: Array(0..<64), dryRun: true)
        let report = try await RestoreEngine(
            source: InMemorySnapshotSource(records: InMemorySnapshotSource.sampleRecords(50)), target: nil, options: options, clock: { Self.now }
        ).run(snapshot: Self.snapshot)
        #expect(report.counts.restored == 50)
        #expect(report.counts.bytes == 50 * 9)
        #expect(report.dryRun && report.isComplete)

        var writing = options
        writing.dryRun = false
        await #expect(throws: AeroVaultError.self) {
            try await RestoreEngine(source: InMemorySnapshotSource(records: []), target: nil, options: writing)
                .run(snapshot: Self.snapshot)
        }
    }

    @Test func dryRunWithAClusterChecksTheNamespace() async throws {
        let options = RestoreOptions(targetNamespace: "nope", partitions: [0], dryRun: true)
        await #expect(throws: AeroVaultError.self) {
            try await engine(InMemorySnapshotSource(records: []), FakeRestoreTarget(), options).run(snapshot: Self.snapshot)
        }
    }

    /// Small partitions fill whole batches: rows of many partitions share one batch write.
    @Test func batchesMixPartitionsWhileWritesAreBusy() async throws {
        let gate = WriteGate()
        let source = GatedSnapshotSource(InMemorySnapshotSource(records: InMemorySnapshotSource.sampleRecords(512)), gate: gate, openAfter: 512)
        let target = FakeRestoreTarget(gate: gate)
        let options = RestoreOptions(partitions: Array(0..<64), parallel: 64, batchSize: 128, writesInFlight: 2)
        let report = try await engine(source, target, options).run(snapshot: Self.snapshot)
        #expect(report.counts.restored == 512)
        #expect(report.partitionsRestored == Array(0..<64))
        let batches = target.batches
        // 64 partitions of 8 records: one call per partition without sharing; with it, at most the
        // two calls that started before the gate opened plus ~4 full batches and a straggler or two.
        #expect(batches.count <= 10, "\(batches.map(\.count))")
        #expect(batches.allSatisfy { $0.count <= 128 })
        #expect(batches.contains { batch in Set(batch.map(\.partitionID)).count > 1 })
        // The instrumentation agrees with what the target saw.
        #expect(report.pipeline.batches == batches.count)
        #expect(report.pipeline.rows == 512)
        #expect((1...2).contains(report.pipeline.maxBatchesInFlight))
        #expect(report.pipeline.writeSeconds > 0 && report.pipeline.readSeconds > 0)
    }

    @Test func filtersAreCounted() async throws {
        let options = RestoreOptions(sets: ["even"], partitions: Array(0..<64))
        let target = FakeRestoreTarget()
        let report = try await engine(InMemorySnapshotSource(records: InMemorySnapshotSource.sampleRecords(100)), target, options)
            .run(snapshot: Self.snapshot)
        #expect(report.counts.skippedFiltered == 50)
        #expect(report.counts.restored == 50)
        #expect(target.written.allSatisfy { $0.setName == "even" })
    }

    @Test func missingTargetNamespaceIsAnError() async throws {
        let options = RestoreOptions(targetNamespace: "nope")
        await #expect(throws: AeroVaultError.self) {
            try await engine(InMemorySnapshotSource(records: []), FakeRestoreTarget(), options).run(snapshot: Self.snapshot)
        }
    }
}

@Suite struct ClusterMetadataRestorerTests {
    @Test func recreatesUDFsAndIndexesInTheTargetNamespace() async throws {
        let metadata = ClusterMetadata(
            namespace: "source",
            sindexes: [
                ["indexname": "by_age", "set": "users", "bin": "age", "type": "NUMERIC", "indextype": "DEFAULT"],
                ["indexname": "broken"],
            ],
            udfs: [ClusterMetadata.UDF(filename: "m.lua", type: "LUA", hash: "h", content: Data("return 1".utf8))])
        let target = FakeRestoreTarget()
        let engine = RestoreEngine(
            source: InMemorySnapshotSource(records: []), target: target,
            options: RestoreOptions(targetNamespace: "target", partitions: [0]))
        let report = try await engine.run(snapshot: RestoreEngineTests.snapshot, metadata: metadata)
        #expect(report.indexesRestored == 1)
        #expect(report.udfsRestored == 1)
        #expect(
            ClusterMetadataRestorer.sindexCreate(metadata.sindexes[0], namespace: "target")
                == "sindex-create:ns=target;set=users;indexname=by_age;indexdata=age,numeric;")
    }

    @Test func skipsMetadataWhenAskedTo() async throws {
        let metadata = ClusterMetadata(
            namespace: "source", sindexes: [["indexname": "i", "bin": "b", "type": "string"]], udfs: [])
        let engine = RestoreEngine(
            source: InMemorySnapshotSource(records: []), target: FakeRestoreTarget(),
            options: RestoreOptions(partitions: [0], restoreIndexes: false))
        let report = try await engine.run(snapshot: RestoreEngineTests.snapshot, metadata: metadata)
        #expect(report.indexesRestored == 0)
    }
}
