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
        // Every record expires 500 s after the engine's fixed clock: planned TTL 500.
        let records = InMemorySnapshotSource.sampleRecords(40) { _ in RestoreEngineTests.nowVoid + 500 }
        let options = RestoreOptions(targetNamespace: "target", batchSize: 4, writesInFlight: 1)
        // The first batch holds the only writer for 2.1 s; rows planned meanwhile wait in the queue.
        let opener = Task {
            try await Task.sleep(for: .milliseconds(2100))
            gate.open()
        }
        let report = try await RestoreEngineTests().engine(InMemorySnapshotSource(records: records), target, options)
            .run(snapshot: RestoreEngineTests.snapshot)
        try await opener.value
        #expect(report.counts.restored == 40)
        let ttls = target.written.map(\.ttl)
        #expect(ttls.allSatisfy { $0 <= 500 && $0 >= 490 }, "\(ttls)")
        #expect(ttls.contains { $0 <= 498 }, "rows that waited 2 s kept their planned TTL: \(ttls)")
    }
}
