import AeroVault
import AeroVaultTestSupport
import AerospikeWire
import ArchiveStore
import Foundation
import Testing

/// The backup engine against an in-memory ``FakeBackupSource`` and ``FakeBackupClock``: planning,
/// full and incremental backups, tombstones, resume, retries and the scan-start margin, without a
/// simulator, a socket or a repository on disk (issue 16 item 3).
@Suite struct BackupEngineFakeSourceTests {
    static let partitions = try! PartitionSelection(range: "0-7")
    static let start = FakeBackupFixture.start

    @Test func fullThenIncrementalWithUpdatesInsertsAndDeletes() async throws {
        let f = try await FakeBackupFixture()
        let full = try await f.backup()
        #expect(full.mode == .full && full.parent == nil)
        #expect(full.noParent?.contains("no earlier snapshot") == true)
        #expect(full.snapshotRecords == 40 && full.records == 40 && full.tombstones == 0)
        // 8 partitions, --parallel 2: two scans of 4 partitions each.
        #expect(full.scans == 2)
        #expect(f.source.scans.map(\.partitions) == [[0, 1, 2, 3], [4, 5, 6, 7]])
        // The scan start is the cluster's clock (here the fake's), in ns.
        #expect(full.scanStart == UInt64(Self.start) * 1_000_000_000)
        try await f.expectSnapshotMatchesSource(full)

        f.clock.advance(seconds: 60)
        f.source.put(FakeBackupSource.digest(partition: 0, 1), value: [9, 9])  // updated
        f.source.delete(FakeBackupSource.digest(partition: 1, 2))  // deleted → tombstone
        f.source.put(FakeBackupSource.digest(partition: 2, 7), value: [2, 7])  // inserted
        let scansBefore = f.source.scans.count
        let incremental = try await f.backup()
        #expect(incremental.mode == .incremental)
        #expect(incremental.parent == full.snapshotID)
        #expect(incremental.records == 2 && incremental.tombstones == 1)
        #expect(incremental.partitionsChanged == 3 && incremental.partitionsReused == 5)
        #expect(incremental.snapshotRecords == 40)
        // Per group a changed-record scan (with bins) and a digest scan (without).
        let scans = f.source.scans[scansBefore...]
        #expect(incremental.scans == 4 && scans.count == 4)
        #expect(scans.filter(\.includeBinData).count == 2)
        #expect(scans.filter { !$0.includeBinData }.allSatisfy { $0.changedSince == nil })
        try await f.expectSnapshotMatchesSource(incremental)

        // Nothing changed since. The two records written at the incremental's scan start are within the
        // 2 s margin and read again, but they equal the stored versions: nothing is stored twice.
        f.clock.advance(seconds: 60)
        let unchanged = try await f.backup()
        #expect(unchanged.partitionsReused == 8 && unchanged.records == 0 && unchanged.tombstones == 0)
        #expect(unchanged.parent == incremental.snapshotID)
        try await f.expectSnapshotMatchesSource(unchanged)
    }

    /// The changed-record scan starts 2 s before the parent's scan start (SPEC.md §14 "backup"), so a
    /// write stamped just before the parent started but not seen by its scan is still picked up.
    @Test func changedRecordScanStartsTwoSecondsBeforeTheParentScanStart() async throws {
        let f = try await FakeBackupFixture()
        let full = try await f.backup()
        let parentStart = full.scanStart
        // Landed after the full scan had passed its partition, stamped 1 s before the scan started
        // (a node's clock behind the earliest `current_time`).
        let late = FakeBackupSource.digest(partition: 5, 9)
        f.source.put(late, value: [5, 9], lastUpdate: parentStart - 1_000_000_000)
        // The same for a record the parent holds: its new version differs from the stored one, so the
        // exact-incremental comparison keeps it.
        f.source.put(FakeBackupSource.digest(partition: 6, 0), value: [6, 0, 1], lastUpdate: parentStart - 1_000_000_000)

        f.clock.advance(seconds: 30)
        let scansBefore = f.source.scans.count
        let incremental = try await f.backup()
        let changedScans = f.source.scans[scansBefore...].filter(\.includeBinData)
        #expect(changedScans.count == 2)
        #expect(changedScans.allSatisfy { $0.changedSince == Int64(parentStart - 2_000_000_000) })
        #expect(incremental.records == 2)
        #expect(incremental.scanStart == parentStart + 30_000_000_000)
        try await f.expectSnapshotMatchesSource(incremental)

        // The snapshot is dated by the injected host clock.
        let id = try #require(ID32(hex: incremental.snapshotID))
        let snapshot = try await f.repository.loadSnapshot(id)
        #expect(abs(snapshot.time.timeIntervalSince1970 - (Self.start + 30)) < 0.001)
    }

    /// Parent choice: another node set, `--full`, and `--parent` (SPEC.md §14 "backup", "Mode").
    @Test func parentChoiceFollowsClusterIdentityAndFlags() async throws {
        let f = try await FakeBackupFixture()
        let first = try await f.backup()
        let forced = try await f.backup { $0.forceFull = true }
        #expect(forced.mode == .full && forced.noParent == "--full was given")

        f.source.setNodes(["BB9000000000003@127.0.0.1:3002"])
        let other = try await f.backup()
        #expect(other.mode == .full)
        #expect(other.noParent?.contains("another cluster") == true)

        let named = try await f.backup { $0.parentID = String(first.snapshotID.prefix(8)) }
        #expect(named.mode == .incremental && named.parent == first.snapshotID)
        try await f.expectSnapshotMatchesSource(named)
    }

    /// Exact incrementals (issue 19 target 3): data loaded right before the full backup lies inside
    /// the changed-record scan's 2 s margin, so the incremental reads it all again, yet stores exactly
    /// the changed records and the tombstones.
    @Test func incrementalAfterALoadRightBeforeTheFullStoresExactlyTheChanges() async throws {
        let f = try await FakeBackupFixture()
        // 200 records (25 per partition) written in the second before the full backup starts.
        let loaded = (0..<8).flatMap { partition in (0..<25).map { FakeBackupSource.digest(partition: partition, $0) } }
        for digest in loaded {
            f.source.put(digest, value: Array(digest.prefix(4)) + [1], lastUpdate: f.clock.unixNanoseconds - 500_000_000)
        }
        let full = try await f.backup()
        #expect(full.records == 200)

        // 2 %: 4 updates, plus 2 deletes and 2 inserts.
        f.clock.advance(seconds: 60)
        for digest in [loaded[3], loaded[60], loaded[111], loaded[190]] { f.source.put(digest, value: [7, 7]) }
        for digest in [loaded[20], loaded[140]] { f.source.delete(digest) }
        for partition in [1, 6] { f.source.put(FakeBackupSource.digest(partition: partition, 99), value: [9]) }
        let scansBefore = f.source.scans.count
        let incremental = try await f.backup()
        #expect(incremental.mode == .incremental)
        #expect(incremental.records == 6 && incremental.tombstones == 2)
        #expect(incremental.snapshotRecords == 200)
        // The margin did reach back over the whole load: the changed-record scans covered it.
        let changedScans = f.source.scans[scansBefore...].filter(\.includeBinData)
        #expect(changedScans.allSatisfy { $0.changedSince == Int64(full.scanStart - 2_000_000_000) })
        try await f.expectSnapshotMatchesSource(incremental)
    }

    /// A failed scan is retried after a backoff on the injected clock (no real wait) and a route
    /// refresh; the retry counts as a scan and covers only the partitions not reported complete.
    @Test func failedScanIsRetriedWithBackoffOnTheInjectedClock() async throws {
        let f = try await FakeBackupFixture()
        f.source.failScans(of: 2, times: 2)
        let summary = try await f.backup()
        #expect(f.clock.sleeps == [.milliseconds(200), .milliseconds(400)])
        #expect(f.source.refreshes == 2)
        #expect(summary.scans == 4)
        #expect(f.source.scans.map(\.partitions).filter { $0.first! < 4 } == [[0, 1, 2, 3], [2, 3], [2, 3]])
        try await f.expectSnapshotMatchesSource(summary)

        f.source.failScans(of: 4, times: 3)
        await #expect {
            _ = try await f.backup { $0.forceFull = true }
        } throws: { ($0 as? AeroVaultError)?.code == .scanFailed }
    }

    /// A cancelled backup leaves a checkpoint; the rerun scans only the partitions not finished.
    @Test func cancelledBackupResumesFromItsCheckpoint() async throws {
        let f = try await FakeBackupFixture()
        let probe = ProgressProbe(after: 3)
        // The backup starts only once the probe can cancel it (the fake is fast).
        let (go, start) = AsyncStream<Void>.makeStream()
        let task = Task {
            for await _ in go { break }
            return try await f.backup(progress: probe) {
                $0.parallel = 1
                $0.partitionsPerScan = 1
                $0.checkpointEveryPartitions = 2
            }
        }
        probe.setAction { task.cancel() }
        start.yield()
        await #expect {
            _ = try await task.value
        } throws: { ($0 as? AeroVaultError)?.code == .cancelled }
        #expect(try await f.repository.listSnapshots().isEmpty)
        let firstRun = f.source.scans.count

        let summary = try await f.backup {
            $0.parallel = 1
            $0.partitionsPerScan = 1
        }
        #expect(summary.mode == .full)
        #expect(summary.partitionsResumed >= 3)
        #expect(summary.scans == 8 - summary.partitionsResumed)
        #expect(f.source.scans.count - firstRun == 8 - summary.partitionsResumed)
        // No partition was backed up twice across both runs.
        let scanned = f.source.scans.flatMap(\.partitions)
        #expect(Set(scanned).count == 8)
        #expect(scanned.count == 8)
        try await f.expectSnapshotMatchesSource(summary)
        #expect(try await f.repository.backend.list(.checkpoint).isEmpty)
    }
}
