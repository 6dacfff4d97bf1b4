import AerospikeWire
import Foundation

/// One of restore's batch writers: takes up to a batch of rows from the ``WritePipeline`` (rows of
/// any partition), writes them with one `writeRows` call and hands the answers back. Restore runs
/// `RestoreOptions.writesInFlight` of them, so that many batch requests are in flight at once.
struct RestoreWriter: Sendable {
    let target: any RestoreTarget
    let pipeline: WritePipeline
    let batchSize: Int
    /// Shared `--tps` limiter, if any.
    let limiter: WriteRateLimiter?

    /// Writes until the pipeline is closed and drained. A batch whose call fails as a whole fails the
    /// partitions it holds rows of (``WritePipeline/fail(_:message:seconds:)``); only cancellation is
    /// thrown.
    func run() async throws {
        let clock = ContinuousClock()
        while true {
            let waiting = clock.now
            guard let batch = try await pipeline.take(max: batchSize) else { return }
            let idle = waiting.duration(to: clock.now).seconds
            if let limiter { try await limiter.acquire(batch.count) }
            let sent = clock.now
            await pipeline.batchStarted(rows: batch.count, idleSeconds: idle)
            let results: [WriteRowResult]
            do {
                let rows = batch.compactMap { try? $0.row.get() }
                let written = rows.isEmpty ? [] : try await target.writeRows(rows)
                guard written.count == rows.count else {
                    throw AeroVaultError(
                        .cluster, "the cluster answered \(written.count) of \(rows.count) rows of a batch write")
                }
                results = Self.merge(batch, written: written)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                await pipeline.fail(batch, message: "\(error)", seconds: sent.duration(to: clock.now).seconds)
                continue
            }
            await pipeline.answer(batch, results: results, seconds: sent.duration(to: clock.now).seconds)
        }
    }

    /// One answer per queued row: the cluster's answers for rows that were sent, in order, and a
    /// client-side failure for rows that could not be encoded.
    static func merge(_ batch: [QueuedWrite], written: [WriteRowResult]) -> [WriteRowResult] {
        var next = written.makeIterator()
        return batch.map { queued in
            switch queued.row {
            case .success: return next.next() ?? WriteRowResult(resultCode: nil, message: "row not answered")
            case .failure(let rejection): return WriteRowResult(resultCode: nil, message: rejection.message)
            }
        }
    }
}
