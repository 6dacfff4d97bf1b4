import AeroVaultTestSupport
import AerospikeWire
import ArchiveStore
import Foundation
import Testing

@testable import AeroVault

/// asbackup's backup flags (SPEC.md §14 "backup", "asbackup's flags"; issue 20) against the in-memory
/// ``FakeBackupSource`` (40 records in partitions 0-7) and ``FakeBackupClock``.
@Suite struct BackupAsbackupFlagsTests {
    typealias Fixture = FakeBackupFixture

    static func snapshot(_ summary: BackupSummary, in f: Fixture) async throws -> Snapshot {
        try await f.repository.loadSnapshot(try #require(ID32(hex: summary.snapshotID)))
    }

    static func clusterMetadata(_ summary: BackupSummary, in f: Fixture) async throws -> ClusterMetadata {
        let snapshot = try await snapshot(summary, in: f)
        let id = try #require(snapshot.metadata[ClusterMetadata.metadataName])
        return try ClusterMetadata.decode(try await f.repository.loadChunk(id))
    }

    @Test func noRecordsStoresTheMetadataOnlyAndIsNeverAParent() async throws {
        let f = try await Fixture()
        let limited = try await f.backup { $0.noRecords = true }
        #expect(f.source.scans.isEmpty)
        #expect(limited.snapshotRecords == 0 && limited.scans == 0)
        #expect(try await Self.clusterMetadata(limited, in: f).sindexes.count == 1)
        let scope = SnapshotScope(try await Self.snapshot(limited, in: f))
        #expect(scope.content.noRecords && !scope.isWhole && !scope.covers(.whole))
        #expect(scope.description.hasSuffix("no-records"))
        // The next plain backup finds no parent: a limited snapshot never is one.
        let next = try await f.backup()
        #expect(next.mode == .full && next.snapshotRecords == 40)
    }

    @Test func noIndexesAndNoUDFsLeaveThemOut() async throws {
        let f = try await Fixture()
        let summary = try await f.backup {
            $0.noIndexes = true
            $0.noUDFs = true
        }
        let metadata = try await Self.clusterMetadata(summary, in: f)
        #expect(metadata.sindexes.isEmpty && metadata.udfs.isEmpty)
        #expect(summary.snapshotRecords == 40)
    }

    @Test func maxRecordsCapsTheSnapshotAndMarksItLimited() async throws {
        let f = try await Fixture()
        let limited = try await f.backup { $0.maxRecords = 7 }
        #expect(limited.snapshotRecords == 7)
        let snapshot = try await Self.snapshot(limited, in: f)
        #expect(snapshot.recordCount == 7 && snapshot.scope?.maxRecords == 7)
        let scope = SnapshotScope(snapshot)
        #expect(!scope.isWhole && !scope.covers(.whole) && scope.description.contains("max-records=7"))
        // Limited backups never build on each other nor on a whole one.
        let again = try await f.backup { $0.maxRecords = 7 }
        #expect(again.mode == .full && again.noParent?.contains("no earlier snapshot") == true)
        #expect(throws: AeroVaultError.self) { try Self.configuration { $0.maxRecords = 0 }.validate() }
        #expect(throws: AeroVaultError.self) {
            try Self.configuration {
                $0.maxRecords = 5
                $0.noRecords = true
            }.validate()
        }
    }

    @Test func noBinsScansMetadataOnly() async throws {
        let f = try await Fixture()
        let summary = try await f.backup { $0.noBins = true }
        #expect(!f.source.scans.isEmpty && f.source.scans.allSatisfy { !$0.includeBinData })
        let contents = try await SnapshotContents.records(of: try #require(ID32(hex: summary.snapshotID)), in: f.repository)
        #expect(contents.count == 40 && contents.values.allSatisfy(\.bins.isEmpty))
        #expect(SnapshotScope(try await Self.snapshot(summary, in: f)).content.noBins)
    }

    @Test func retriesFollowMaxRetriesAndSleepBetweenRetries() async throws {
        let f = try await Fixture()
        f.source.failScans(of: 2, times: 4)
        let summary = try await f.backup {
            $0.scanRetries = 4
            $0.retryDelay = .milliseconds(5)
        }
        #expect(f.clock.sleeps == Array(repeating: .milliseconds(5), count: 4))
        #expect(summary.snapshotRecords == 40)
        f.source.failScans(of: 2, times: 1)
        await #expect {
            _ = try await f.backup {
                $0.forceFull = true
                $0.scanRetries = 0
            }
        } throws: { ($0 as? AeroVaultError)?.code == .scanFailed }
    }

    /// `--nice` sleeps on the engine's clock; at one byte per second the first frames already run
    /// the scan past `--total-timeout`, so every attempt times out.
    @Test func niceSleepsOnTheClockAndTotalTimeoutEndsASlowScan() async throws {
        let f = try await Fixture()
        await #expect {
            _ = try await f.backup {
                $0.readBytesPerSecond = 1
                $0.totalTimeout = .seconds(1)
                $0.scanRetries = 1
            }
        } throws: { error in
            guard let error = error as? AeroVaultError, error.code == .scanFailed else { return false }
            return (error.cause as? WireError)?.code == .timeout
        }
        #expect(!f.clock.sleeps.isEmpty)
    }

    @Test func readRateLimiterPacesBytesOnTheClock() async throws {
        let clock = FakeBackupClock(unixSeconds: 1_800_000_000)
        let limiter = ReadRateLimiter(bytesPerSecond: 100, clock: clock)
        // One second's worth goes at once after idling; then 300 bytes cost 3 s each.
        for _ in 0..<4 { try await limiter.acquire(300) }
        #expect(clock.sleeps == [.seconds(2), .seconds(3), .seconds(3)])
    }

    @Test func filterExpCheckingAndCheckpointNames() throws {
        let wire = FilterExpression.eq(.setName, .string("s")).encode()
        let parsed = try BackupConfiguration.filterExpression(base64: Data(wire).base64EncodedString())
        #expect(parsed.encode() == wire)
        #expect(throws: AeroVaultError.self) { try BackupConfiguration.filterExpression(base64: "not base64!") }
        // A msgpack array header promising an element that is missing.
        #expect(throws: AeroVaultError.self) { try BackupConfiguration.filterExpression(base64: "kQ==") }
        // The user's expression joins the backup's own filters.
        let config = try Self.configuration {
            $0.filterExpression = parsed
            $0.noTTLOnly = true
        }
        #expect(ScanFilter.expression(config, changedSince: nil) == .and([.eq(.voidTime, .int(-1)), parsed]))
        let plain = BackupConfiguration(namespace: "test")
        let name = { (c: BackupConfiguration) in c.checkpointFingerprint(clusterName: "c", nodes: [], parent: nil, full: true) }
        #expect(name(config) != name(plain))
        #expect(!String(decoding: name(plain), as: UTF8.self).contains("filter-exp"))
    }

    static func configuration(_ configure: (inout BackupConfiguration) -> Void) throws -> BackupConfiguration {
        var config = BackupConfiguration(namespace: "test")
        configure(&config)
        return config
    }
}
