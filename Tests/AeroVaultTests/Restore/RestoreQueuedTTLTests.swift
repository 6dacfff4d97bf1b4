import AerospikeWire
import AeroVaultTestSupport
import ArchiveStore
import Foundation
import Testing

@testable import AeroVault

/// A row's relative TTL is shortened by the time it waited between planning and sending (SPEC.md §14
/// "restore"), so a restore slowed by a busy cluster never moves a record's expiry later.
@Suite struct RestoreQueuedTTLTests {
    @Test func rowsThatWaitedInTheQueueAreSentWithTheirTTLShortened() async throws {
        let gate = WriteGate()
        let target = FakeRestoreTarget(gate: gate)
        // Every record expires 500 s after the start of a restore clock that runs in real time.
        let records = InMemorySnapshotSource.sampleRecords(40) { _ in RestoreEngineTests.nowVoid + 500 }
        let options = RestoreOptions(targetNamespace: "target", batchSize: 4, writesInFlight: 1)
        let start = ContinuousClock.now
        let clock: @Sendable () -> Date = { RestoreEngineTests.now.addingTimeInterval(start.duration(to: .now).seconds) }
        // The first batch holds the only writer for 2.1 s; the next batch was planned meanwhile.
        let opener = Task {
            try await Task.sleep(for: .milliseconds(2100))
            gate.open()
        }
        let report = try await RestoreEngine(
            source: InMemorySnapshotSource(records: records), target: target, options: options, clock: clock
        ).run(snapshot: RestoreEngineTests.snapshot)
        try await opener.value
        #expect(report.counts.restored == 40)
        #expect(target.written.allSatisfy { $0.ttl <= 500 })
        let second = try #require(target.batches.dropFirst().first)
        #expect(second.allSatisfy { $0.ttl <= 498 }, "rows that waited 2 s kept their planned TTL: \(second.map(\.ttl))")
    }
}
