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
                results = try await target.writeRows(batch.map(\.write))
                guard results.count == batch.count else {
                    throw AeroVaultError(
                        .cluster, "the cluster answered \(results.count) of \(batch.count) rows of a batch write")
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                await pipeline.fail(batch, message: "\(error)", seconds: sent.duration(to: clock.now).seconds)
                continue
            }
            await pipeline.answer(batch, results: results, seconds: sent.duration(to: clock.now).seconds)
        }
    }
}
