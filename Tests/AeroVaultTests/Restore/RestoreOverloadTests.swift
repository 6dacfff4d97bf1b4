import AeroVault
import AeroVaultTestSupport
import AerospikeWire
import ArchiveStore
import Foundation
import Testing

/// A target that answers a deterministic share of rows DEVICE_OVERLOAD (18, transient), or every
/// row when `share` is 1; counts the calls.
final class OverloadedRestoreTarget: RestoreTarget, @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private let lock = NSLock()
    private var dice: UInt64 = 0x5851_F42D_4C95_7F2D
    private var stored: Set<[UInt8]> = []
    let share: Double

    init(share: Double) {
        self.share = share
    }

    var written: Set<[UInt8]> { lock.withLock { stored } }

    func writeRows(_ rows: [BatchWriteRow]) async throws -> [WriteRowResult] {
        lock.withLock {
            rows.map { row in
                dice = dice &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                if Double(dice >> 11) / Double(1 << 53) < share {
                    return WriteRowResult(resultCode: 18, message: "device overload", isTransient: true)
                }
                stored.insert(row.digest)
                return WriteRowResult(resultCode: 0)
            }
        }
    }

    func runInfo(_ commands: [String]) async throws -> [String: String] { [:] }
    func hasNamespace(_ namespace: String) async throws -> Bool { true }
}

/// Restore under transient overload (SPEC.md §14 "restore", "Retries and overload"), against a
/// scripted target; `RestoreOverloadIntegrationTests` runs the same against the simulator.
@Suite(.serialized) struct RestoreOverloadTests {
    static func engine(_ target: OverloadedRestoreTarget, _ options: RestoreOptions, records: Int) -> RestoreEngine {
        RestoreEngine(
            source: InMemorySnapshotSource(records: InMemorySnapshotSource.sampleRecords(records)), target: target,
            options: options)
    }

    @Test func halfOfTheRowsOverloadedStillRestoresEveryRecord() async throws {
        let target = OverloadedRestoreTarget(share: 0.5)
        let options = RestoreOptions(targetNamespace: "target", partitions: Array(0..<64), batchSize: 32)
        let report = try await Self.engine(target, options, records: 1000).run(snapshot: RestoreEngineTests.snapshot)
        #expect(report.isComplete, "\(report.recordFailures)")
        #expect(report.counts.restored == 1000)
        #expect(target.written.count == 1000)
        #expect(report.retries.retries >= 500)
        #expect(report.retries.overloadAnswers == report.retries.retries)
        #expect(report.retries.windowCuts > 0)
        #expect(report.retries.rowsGivenUp == 0)
    }

    /// A cluster that never recovers: rows are given up once --retry-time has passed, not after a
    /// count of rounds, and the reason says so.
    @Test func permanentOverloadGivesUpAfterTheRetryTime() async throws {
        let target = OverloadedRestoreTarget(share: 1)
        let options = RestoreOptions(
            targetNamespace: "target", partitions: [0], batchSize: 8, ignoreRecordErrors: true,
            retryTime: .milliseconds(400))
        let started = ContinuousClock.now
        let report = try await Self.engine(target, options, records: 20).run(snapshot: RestoreEngineTests.snapshot)
        let elapsed = started.duration(to: .now)
        #expect(report.counts.failed == 1 && report.counts.restored == 0)
        #expect(report.retries.rowsGivenUp == 1)
        #expect(report.recordFailures.first?.reason.contains("--retry-time") == true, "\(report.recordFailures)")
        #expect(elapsed >= .milliseconds(400) && elapsed < .seconds(30))
    }
}
