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

    /// Answers `sindex/…` polls with a build that reaches 100 % on the third poll on one node of two.
    final class BuildingIndexTarget: RestoreTarget {
        let polls = Mutex(0)

        func writeRows(_ rows: [BatchWriteRow]) async throws -> [WriteRowResult] {
            rows.map { _ in WriteRowResult(resultCode: 0, message: "ok") }
        }

        func runInfo(_ commands: [String]) async throws -> [String: String] {
            Dictionary(uniqueKeysWithValues: commands.map { ($0, "ok") })
        }

        func runInfoOnEveryNode(_ command: String) async throws -> [String] {
            #expect(command == "sindex/target/by_age")
            let poll = polls.withLock { $0 += 1; return $0 }
            return ["keys=10;load_pct=100;state=RW", "keys=4;load_pct=\(min(100, (poll - 1) * 50));state=WO"]
        }

        func hasNamespace(_ namespace: String) async throws -> Bool { true }
    }

    @Test func waitPollsEveryNodeUntilTheIndexIsBuilt() async throws {
        var options = RestoreOptions(targetNamespace: "target")
        options.waitForIndexes = true
        options.indexPollInterval = .milliseconds(1)
        let target = BuildingIndexTarget()
        let report = try await run(options, target: target)
        #expect(report.counts.restored == 50 && target.polls.withLock { $0 } == 3)
        // Without --wait nothing is polled; an answer without load_pct is not waited for.
        let unpolled = BuildingIndexTarget()
        _ = try await run(RestoreOptions(targetNamespace: "target"), target: unpolled)
        #expect(unpolled.polls.withLock { $0 } == 0)
        #expect(IndexBuildWaiter.loadPercent("ERROR::no index") == nil)
        #expect(IndexBuildWaiter.loadPercent("a=1:load_pct=42") == 42)
    }

    @Test func niceCapsBytesAndIsChecked() async throws {
        var options = RestoreOptions(targetNamespace: "target")
        options.writeBytesPerSecond = 0
        #expect(throws: AeroVaultError.self) { try options.validate() }
        // A cap above what 50 small records hold: one second's burst, no wait, every record written.
        options.writeBytesPerSecond = 1 << 20
        let report = try await run(options, target: FakeRestoreTarget())
        #expect(report.counts.restored == 50)
    }
}
