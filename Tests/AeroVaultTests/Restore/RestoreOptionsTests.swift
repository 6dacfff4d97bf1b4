import Testing

@testable import AeroVault

@Suite struct RestoreOptionsTests {
    @Test func defaultsAreValidAndCheckGeneration() throws {
        let options = RestoreOptions()
        try options.validate()
        #expect(options.existsAction == .update)
        #expect(options.usesGenerationCheck)
        #expect(options.ttlMode == .keep)
    }

    @Test func createOnlyNeverSendsAGenerationCheck() {
        let options = RestoreOptions(existsAction: .createOnly)
        #expect(!options.usesGenerationCheck)
    }

    @Test func rejectsBadValues() {
        #expect(throws: AeroVaultError.self) { try RestoreOptions(parallel: 0).validate() }
        #expect(throws: AeroVaultError.self) { try RestoreOptions(batchSize: 0).validate() }
        #expect(throws: AeroVaultError.self) { try RestoreOptions(writesInFlight: 0).validate() }
        #expect(throws: AeroVaultError.self) { try RestoreOptions(writesInFlight: 257).validate() }
        #expect(throws: AeroVaultError.self) { try RestoreOptions(recordsPerSecond: 0).validate() }
        #expect(throws: AeroVaultError.self) { try RestoreOptions(partitions: [4096]).validate() }
        #expect(throws: AeroVaultError.self) { try RestoreOptions(partitions: []).validate() }
        #expect(throws: AeroVaultError.self) { try RestoreOptions(binNames: []).validate() }
        #expect(throws: AeroVaultError.self) { try RestoreOptions(binNames: ["a-very-long-bin-name"]).validate() }
        #expect(throws: AeroVaultError.self) { try RestoreOptions(targetNamespace: "").validate() }
    }
}

@Suite struct RateScheduleTests {
    @Test func spacesReservationsAtTheRate() {
        var schedule = RateSchedule(perSecond: 100)
        var waits: [Double] = []
        for _ in 0..<10 { waits.append(schedule.reserve(count: 100, now: 0)) }
        // One second of burst, then one batch of 100 per second: 1 000 records finish after ~9 s.
        #expect(waits == [0, 0, 1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func idleTimeDoesNotAccumulateMoreThanOneSecond() {
        var schedule = RateSchedule(perSecond: 10)
        #expect(schedule.reserve(count: 10, now: 0) == 0)
        // Long idle: only one second of burst is allowed.
        #expect(schedule.reserve(count: 10, now: 100) == 0)
        #expect(schedule.reserve(count: 10, now: 100) == 0)
        #expect(abs(schedule.reserve(count: 10, now: 100) - 1.0) < 1e-9)
    }
}

@Suite struct RestoreReportTests {
    @Test func describesPartitionRanges() {
        #expect(RestoreReport.describe(partitions: []) == "none")
        #expect(RestoreReport.describe(partitions: [5]) == "5")
        #expect(RestoreReport.describe(partitions: [3, 0, 1, 2, 7, 9, 10]) == "0-3, 7, 9-10")
    }

    @Test func statusIsTheWorstOutcome() {
        var report = RestoreReport(snapshotID: "x", sourceNamespace: "a", targetNamespace: "a", dryRun: false)
        report.counts.restored = 10
        report.counts.skippedExpired = 2
        #expect(report.status == .complete)
        report.counts.failed = 1
        #expect(report.status == .recordsFailed)
        report.partitionsFailed = [PartitionFailure(partition: 7, message: "damaged", recordsWritten: 0)]
        #expect(report.status == .partitionsFailed)
        report.counts.failed = 0
        #expect(report.status == .partitionsFailed)
        #expect(!report.isComplete)
    }
}

@Suite struct WriteOutcomeTests {
    @Test func classifiesResultCodes() {
        #expect(WriteOutcome.classify(resultCode: 0) == .written)
        #expect(WriteOutcome.classify(resultCode: 3) == .skippedExisting)
        #expect(WriteOutcome.classify(resultCode: 5) == .skippedExisting)
        for code: UInt8 in [4, 8, 9, 11, 12, 13, 14, 18, 22, 27] {
            #expect(WriteOutcome.classify(resultCode: code) == .failed)
        }
        #expect(WriteOutcome.classify(resultCode: nil) == .failed)
        // A retry refusing the row's own unanswered first attempt (node killed before replying).
        #expect(WriteOutcome.classify(resultCode: 3, inDoubt: true) == .written)
        #expect(WriteOutcome.classify(resultCode: 5, inDoubt: true) == .written)
        #expect(WriteOutcome.classify(resultCode: 13, inDoubt: true) == .failed)
    }
}
