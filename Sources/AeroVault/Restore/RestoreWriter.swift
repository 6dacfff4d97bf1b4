import AerospikeWire
import Foundation

/// One of restore's batch writers: takes up to a batch of rows from the ``WritePipeline`` (rows of
/// any partition, fresh or due for a retry), writes them with one `writeRows` call and hands the
/// answers back. Restore runs `RestoreOptions.writesInFlight` of them; the shared ``WriteWindow``
/// decides how many batch writes may be in flight at once, and whether and when a row answered with
/// a transient code goes back to the queue (SPEC.md §14 "restore", "Retries and overload").
struct RestoreWriter: Sendable {
    let target: any RestoreTarget
    let pipeline: WritePipeline
    let window: WriteWindow
    let batchSize: Int
    /// Shared `--tps` limiter, if any.
    let limiter: WriteRateLimiter?
    /// Shared `--nice` limiter (bin bytes), if any.
    let byteLimiter: WriteRateLimiter?
    /// The restore's clock (``RestoreEngine``): TTLs are planned and shortened by it.
    let now: @Sendable () -> Date

    /// Writes until the pipeline is closed and drained. A batch whose call fails as a whole fails the
    /// partitions it holds rows of (``WritePipeline/fail(_:message:seconds:)``); only cancellation is
    /// thrown.
    func run() async throws {
        let clock = ContinuousClock()
        while true {
            let waiting = clock.now
            // Room in the window first, rows second: while the window is closed rows pile up in the
            // queue (fresh ones and retries whose backoff ended), so the next batch is a full one.
            let ticket = try await window.acquire()
            guard let batch = try await pipeline.take(max: batchSize) else {
                await window.answered(ticket: ticket, overloadedRows: 0)
                return
            }
            let idle = waiting.duration(to: clock.now).seconds
            let sent = clock.now
            await pipeline.batchStarted(rows: batch.count, idleSeconds: idle)
            let answers: [WriteRowResult]
            let second = Int64(now().timeIntervalSince1970)
            do {
                let rows = batch.compactMap { $0.rowToSend(at: second) }
                let bytes = batch.reduce(0) { $0 + $1.binBytes }
                answers = Self.merge(batch, written: try await send(rows, bytes: bytes, ticket: ticket))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                await pipeline.fail(batch, message: "\(error)", seconds: sent.duration(to: clock.now).seconds)
                continue
            }
            let (done, results, retried) = await sortOut(batch, answers: answers)
            await pipeline.requeue(retried)
            await pipeline.answer(done, results: results, seconds: sent.duration(to: clock.now).seconds)
        }
    }

    /// Splits a batch's answers into final ones and rows to send again; rows given up get their
    /// last transient answer with the reason appended. Rows of the batch with the same number of
    /// attempts share one decision (one backoff), so they become due together and travel together.
    private func sortOut(_ batch: [QueuedWrite], answers: [WriteRowResult]) async
        -> (done: [QueuedWrite], results: [WriteRowResult], retried: [QueuedWrite])
    {
        let now = ContinuousClock.now
        var done: [QueuedWrite] = []
        var results: [WriteRowResult] = []
        var retried: [QueuedWrite] = []
        var refresh = false
        var decisions: [Int: WriteRetryStateMachine.Decision] = [:]
        for (attempts, count) in Self.transientRowsByAttempts(batch, answers: answers) {
            let first = batch.compactMap { $0.retry?.attempts == attempts - 1 ? $0.retry?.firstFailure : nil }.min() ?? now
            decisions[attempts] = await window.decide(
                rows: count, attempt: attempts, failingFor: first.duration(to: now).seconds)
        }
        for (row, answer) in zip(batch, answers) {
            let inDoubt = answer.inDoubt || (row.retry?.inDoubt ?? false)
            guard answer.isTransient else {
                var final = answer
                final.inDoubt = inDoubt
                done.append(row)
                results.append(final)
                continue
            }
            let attempts = (row.retry?.attempts ?? 0) + 1
            let first = row.retry?.firstFailure ?? now
            switch decisions[attempts] ?? .retry(after: 0) {
            case .retry(let delay):
                let due = now + .milliseconds(Int64(delay * 1000))
                var again = row
                again.retry = QueuedWrite.Retry(attempts: attempts, firstFailure: first, notBefore: due, inDoubt: inDoubt)
                retried.append(again)
                refresh = refresh || !answer.isOverload
            case .giveUp(let reason):
                var final = answer
                final.message += " (\(reason))"
                final.isTransient = false
                final.inDoubt = inDoubt
                done.append(row)
                results.append(final)
            }
        }
        // A node may have left: route the retries by a fresh partition map.
        if refresh { await target.refreshRoutes() }
        return (done, results, retried)
    }

    /// Attempts so far + 1 → rows answered transiently with that count.
    private static func transientRowsByAttempts(_ batch: [QueuedWrite], answers: [WriteRowResult]) -> [Int: Int] {
        var out: [Int: Int] = [:]
        for (row, answer) in zip(batch, answers) where answer.isTransient {
            out[(row.retry?.attempts ?? 0) + 1, default: 0] += 1
        }
        return out
    }

    /// One `writeRows` call of `bytes` bin bytes under the window's `ticket` (and `--tps`, `--nice`);
    /// answers the ticket.
    private func send(_ rows: [BatchWriteRow], bytes: Int, ticket: Int) async throws -> [WriteRowResult] {
        guard !rows.isEmpty else {
            await window.answered(ticket: ticket, overloadedRows: 0)
            return []
        }
        do {
            if let limiter { try await limiter.acquire(rows.count) }
            if let byteLimiter { try await byteLimiter.acquire(bytes) }
        } catch {
            await window.answered(ticket: ticket, overloadedRows: 0)
            throw error
        }
        let answers: [WriteRowResult]
        do {
            answers = try await target.writeRows(rows)
        } catch {
            await window.answered(ticket: ticket, overloadedRows: 0)
            throw error
        }
        await window.answered(ticket: ticket, overloadedRows: answers.filter(\.isOverload).count)
        guard answers.count == rows.count else {
            throw AeroVaultError(
                .cluster, "the cluster answered \(answers.count) of \(rows.count) rows of a batch write")
        }
        return answers
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
