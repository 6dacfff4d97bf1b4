import AerospikeWire
import Testing

@testable import AeroVault

/// The restore queue on its own: batches by route, per-partition accounting, close and cancel.
@Suite struct WritePipelineTests {
    static func row(_ partition: Int, _ i: Int, route: String?) -> QueuedWrite {
        var digest = [UInt8](repeating: 0, count: 20)
        digest[0] = UInt8(partition)
        digest[1] = UInt8(i)
        let row = Result { try BatchWriteRow(BatchWrite(key: Key(namespace: "ns", set: nil, digest: digest), action: .delete)) }
        return QueuedWrite(
            partition: partition, row: row.mapError { QueuedWrite.Rejection(digest: digest, set: nil, message: "\($0)") },
            binBytes: 3, route: route, planned: 0)
    }

    @Test func aBatchTakesRowsOfOneRouteInQueueOrder() async throws {
        let pipeline = WritePipeline(capacity: 100, progress: SilentRestoreProgress())
        try await pipeline.push([Self.row(1, 0, route: "A"), Self.row(1, 1, route: "A")], partition: 1)
        try await pipeline.push([Self.row(2, 0, route: "B")], partition: 2)
        try await pipeline.push([Self.row(3, 0, route: "A")], partition: 3)
        let first = try #require(try await pipeline.take(max: 10))
        #expect(first.map(\.partition) == [1, 1, 3])
        let second = try #require(try await pipeline.take(max: 10))
        #expect(second.map(\.partition) == [2])
        await pipeline.close()
        #expect(try await pipeline.take(max: 10) == nil)
    }

    @Test func aPartitionFinishesWhenItsLastRowIsAnswered() async throws {
        let pipeline = WritePipeline(capacity: 100, progress: SilentRestoreProgress())
        try await pipeline.push([Self.row(7, 0, route: nil), Self.row(7, 1, route: nil)], partition: 7)
        let skipped = { () -> RestoreCounts in
            var counts = RestoreCounts()
            counts.skippedExpired = 4
            return counts
        }()
        async let finished = pipeline.finishReading(partition: 7, skipped: skipped, failure: nil)
        let batch = try #require(try await pipeline.take(max: 10))
        await pipeline.answer(
            batch, results: [WriteRowResult(resultCode: 0), WriteRowResult(resultCode: 13, message: "too big")], seconds: 0.01)
        let outcome = try await finished
        #expect(outcome.counts.restored == 1 && outcome.counts.failed == 1 && outcome.counts.skippedExpired == 4)
        #expect(outcome.counts.bytes == 3)
        #expect(outcome.recordFailures.first?.reason.contains("13") == true)
        #expect(outcome.failure == nil)
        #expect(await pipeline.statistics.writeSeconds > 0)
    }

    @Test func aFailedBatchFailsItsPartitionAndStopsItsReader() async throws {
        let pipeline = WritePipeline(capacity: 100, progress: SilentRestoreProgress())
        try await pipeline.push([Self.row(4, 0, route: nil)], partition: 4)
        let batch = try #require(try await pipeline.take(max: 10))
        await pipeline.fail(batch, message: "cluster closed", seconds: 0)
        await #expect(throws: WritePipeline.PartitionStopped.self) {
            try await pipeline.push([Self.row(4, 1, route: nil)], partition: 4)
        }
        let outcome = try await pipeline.finishReading(partition: 4, skipped: RestoreCounts(), failure: nil)
        #expect(outcome.failure?.message == "cluster closed")
        #expect(outcome.failure?.recordsWritten == 0)
    }

    @Test func cancelWakesAWaitingWriter() async throws {
        let pipeline = WritePipeline(capacity: 100, progress: SilentRestoreProgress())
        let taken = Task { try await pipeline.take(max: 10) }
        await pipeline.cancel()
        await #expect(throws: CancellationError.self) { _ = try await taken.value }
    }
}
