import AeroVaultTestSupport
import AerospikeWire
import ArchiveStore
import Foundation
import Synchronization
import Testing

@testable import AeroVault

/// asrestore's `--extra-ttl`, `--no-records` and `--indexes-last` (SPEC.md §14 "restore").
@Suite struct RestoreMetadataFlagsTests {
    /// Logs info commands and batch writes in the order they reach the cluster.
    final class OrderRecordingTarget: RestoreTarget {
        let events = Mutex<[String]>([])

        func writeRows(_ rows: [BatchWriteRow]) async throws -> [WriteRowResult] {
            events.withLock { $0.append("write") }
            return rows.map { _ in WriteRowResult(resultCode: 0, message: "ok") }
        }

        func runInfo(_ commands: [String]) async throws -> [String: String] {
            events.withLock { $0 += commands.map { String($0.prefix { $0 != ":" }) } }
            return Dictionary(uniqueKeysWithValues: commands.map { ($0, "ok") })
        }

        func hasNamespace(_ namespace: String) async throws -> Bool { true }
    }

    static let metadata = ClusterMetadata(
        namespace: "source", sindexes: [["indexname": "by_age", "bin": "age", "type": "NUMERIC"]],
        udfs: [ClusterMetadata.UDF(filename: "m.lua", type: "LUA", hash: "h", content: Data("return 1".utf8))])

    func run(_ options: RestoreOptions, target: any RestoreTarget) async throws -> RestoreReport {
        try await RestoreEngine(
            source: InMemorySnapshotSource(records: InMemorySnapshotSource.sampleRecords(50)), target: target, options: options
        ).run(snapshot: RestoreEngineTests.snapshot, metadata: Self.metadata)
    }

    @Test func indexesLastCreatesTheIndexesAfterEveryWriteAndUDFsFirst() async throws {
        var options = RestoreOptions(targetNamespace: "target")
        options.indexesLast = true
        let target = OrderRecordingTarget()
        let report = try await run(options, target: target)
        let events = target.events.withLock { $0 }
        #expect(report.counts.restored == 50 && report.indexesRestored == 1 && report.udfsRestored == 1)
        #expect(events.first == "udf-put")
        #expect(events.last == "sindex-create")
        #expect(events.filter { $0 == "write" }.count > 0)

        let byDefault = OrderRecordingTarget()
        _ = try await run(RestoreOptions(targetNamespace: "target"), target: byDefault)
        #expect(byDefault.events.withLock { $0.prefix(2) } == ["udf-put", "sindex-create"])
    }

    @Test func noRecordsRecreatesOnlyTheMetadata() async throws {
        var options = RestoreOptions(targetNamespace: "target")
        options.restoreRecords = false
        let target = FakeRestoreTarget()
        let report = try await run(options, target: target)
        #expect(target.written.isEmpty)
        #expect(report.counts.restored == 0 && report.partitionsFailed.isEmpty)
        #expect(report.indexesRestored == 1 && report.udfsRestored == 1)
    }

    @Test func extraTTLMovesTheExpiryOfExpiringRecordsOnly() {
        let now: Int64 = 1_700_000_000
        let void = UInt32(now - CitrusleafEpoch.unixSeconds)
        #expect(RestoreTTL.plan(voidTime: void + 100, mode: .keep, now: now, snapshotTime: now, extra: 3600) == .seconds(3700))
        // Expired 10 s ago, but 60 s of extra time brings it back with 50 s to live.
        #expect(RestoreTTL.plan(voidTime: void - 10, mode: .keep, now: now, snapshotTime: now) == .expired)
        #expect(RestoreTTL.plan(voidTime: void - 10, mode: .keep, now: now, snapshotTime: now, extra: 60) == .seconds(50))
        #expect(RestoreTTL.plan(voidTime: 0, mode: .keep, now: now, snapshotTime: now, extra: 60) == .never)
        #expect(RestoreTTL.plan(voidTime: void + 100, mode: .neverExpire, now: now, snapshotTime: now, extra: 60) == .never)

        var options = RestoreOptions()
        options.extraTTL = 3600
        let planner = RestorePlanner(options: options, snapshotTime: now)
        #expect(planner.ttl(voidTime: void + 100, now: now) == .seconds(3700))
    }
}
