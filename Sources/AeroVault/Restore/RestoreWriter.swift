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
    /// partitions it holds rows of (``WritePipeline/fail(_:message:)``); only cancellation is thrown.
    func run() async throws {
        while let batch = try await pipeline.take(max: batchSize) {
            if let limiter { try await limiter.acquire(batch.count) }
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
                await pipeline.fail(batch, message: "\(error)")
                continue
            }
            await pipeline.answer(batch, results: results)
        }
    }
}
