import AerospikeWire
import ArchiveStore

/// The bounded hand-over between restore's partition readers and its batch writers, and the
/// per-partition accounting of the answers (SPEC.md §14 "restore", "Pipeline").
///
/// Readers ``push(_:partition:)`` slices of planned rows (suspending while `capacity` rows wait);
/// writers ``take(max:)`` up to a batch of rows of one route (the oldest row's node), whatever
/// partitions they come from, and report each row's final answer with ``answer(_:results:seconds:)``
/// or put rows answered transiently back with ``requeue(_:)`` (taken again once their backoff has
/// passed, together with fresh rows, so retried rows still travel in full batches). A partition is finished when its reader called
/// ``finishReading(partition:skipped:failure:)`` and every row it pushed was answered; that call
/// returns only then, so a partition holds its reader's slot until its writes are done.
actor WritePipeline {
    /// A reader's push is refused because a batch holding rows of its partition failed as a whole.
    struct PartitionStopped: Error {}

    private struct PartitionState {
        var counts = RestoreCounts()
        var recordFailures: [RecordFailure] = []
        var failure: String?
        /// Rows pushed and not yet answered.
        var pending = 0
        var readDone = false
        var waiter: CheckedContinuation<PartitionRestorer.Outcome, Error>?
    }

    private let capacity: Int
    private let progress: any RestoreProgress
    private var rows: [QueuedWrite] = []
    private var producers: [CheckedContinuation<Void, Error>] = []
    private var consumers: [(max: Int, continuation: CheckedContinuation<[QueuedWrite]?, Error>)] = []
    private var partitions: [Int: PartitionState] = [:]
    private var closed = false
    private var cancelled = false
    private var inFlight = 0
    /// The wake-up for writers waiting while only rows still in their backoff are queued.
    private var timerArmed = false
    /// The writers' figures: batches, rows, write and idle time, most batches in flight.
    private(set) var statistics = RestorePipelineStatistics()

    /// - Parameters:
    ///   - capacity: rows that may wait for a writer before readers are held back.
    ///   - progress: receives `.recordFailed` events.
    init(capacity: Int, progress: any RestoreProgress) {
        self.capacity = max(1, capacity)
        self.progress = progress
    }

    /// Queues `slice` (rows of `partition`), waiting while the queue is full.
    /// - Throws: ``PartitionStopped`` once the partition has failed; `CancellationError` after ``cancel()``.
    func push(_ slice: [QueuedWrite], partition: Int) async throws {
        while rows.count >= capacity, !cancelled {
            try await withCheckedThrowingContinuation { producers.append($0) }
        }
        if cancelled { throw CancellationError() }
        if partitions[partition]?.failure != nil { throw PartitionStopped() }
        partitions[partition, default: PartitionState()].pending += slice.count
        rows += slice
        serveConsumers()
    }

    /// Up to `max` queued rows, waiting while none are queued; nil once ``close()`` was called and
    /// the queue is empty. - Throws: `CancellationError` after ``cancel()``.
    func take(max: Int) async throws -> [QueuedWrite]? {
        if cancelled { throw CancellationError() }
        if let ready = dequeue(max) { return ready }
        if closed, rows.isEmpty { return nil }
        return try await withCheckedThrowingContinuation { continuation in
            consumers.append((max, continuation))
            armTimer()
        }
    }

    /// Puts rows answered transiently back in the queue (they stay pending for their partitions and
    /// are taken again once `retry.notBefore` has passed). Never waits for room: the rows were
    /// already counted against it.
    func requeue(_ retried: [QueuedWrite]) {
        guard !retried.isEmpty, !cancelled else { return }
        rows += retried
        serveConsumers()
    }

    /// While writers wait and every queued row is still in its backoff, wakes them when the first
    /// backoff ends.
    private func armTimer() {
        guard !timerArmed, !consumers.isEmpty,
            let wake = rows.compactMap({ $0.retry?.notBefore }).min()
        else { return }
        timerArmed = true
        Task {
            try? await Task.sleep(until: wake, clock: .continuous)
            self.timerFired()
        }
    }

    private func timerFired() {
        timerArmed = false
        serveConsumers()
    }

    /// No more rows will be pushed: writers drain the queue and then get nil.
    func close() {
        closed = true
        serveConsumers()
    }

    /// Wakes every waiting reader and writer with `CancellationError` (the restore is being torn down).
    func cancel() {
        cancelled = true
        for p in producers { p.resume(throwing: CancellationError()) }
        for c in consumers { c.continuation.resume(throwing: CancellationError()) }
        producers.removeAll()
        consumers.removeAll()
        for (p, state) in partitions where state.waiter != nil {
            partitions[p]?.waiter = nil
            state.waiter?.resume(throwing: CancellationError())
        }
    }

    /// A writer is about to send a batch of `rows` rows after waiting `idleSeconds` for them.
    func batchStarted(rows: Int, idleSeconds: Double) {
        inFlight += 1
        statistics.batches += 1
        statistics.rows += rows
        statistics.queueEmptySeconds += idleSeconds
        statistics.maxBatchesInFlight = max(statistics.maxBatchesInFlight, inFlight)
    }

    private func batchEnded(seconds: Double) {
        inFlight -= 1
        statistics.writeSeconds += seconds
    }

    /// Counts the answers to a written batch (`results[i]` answers `batch[i]`) that took `seconds`.
    func answer(_ batch: [QueuedWrite], results: [WriteRowResult], seconds: Double) {
        batchEnded(seconds: seconds)
        for (row, result) in zip(batch, results) {
            var state = partitions[row.partition] ?? PartitionState()
            state.pending -= 1
            switch WriteOutcome.classify(resultCode: result.resultCode, inDoubt: result.inDoubt) {
            case .written:
                state.counts.restored += 1
                state.counts.bytes += row.binBytes
            case .skippedExisting:
                state.counts.skippedExisting += 1
            case .failed:
                state.counts.failed += 1
                let failure = RecordFailure(
                    digest: HexCoding.encode(row.digest), set: row.set ?? "",
                    reason: result.resultCode.map { "result code \($0): \(result.message)" } ?? result.message,
                    resultCode: result.resultCode)
                if state.recordFailures.count < VerifyTally.exampleLimit { state.recordFailures.append(failure) }
                // A role violation is the engine's to report, once, not one line per row.
                if !failure.isRoleViolation { progress.report(.recordFailed(failure)) }
            }
            partitions[row.partition] = state
        }
        completeFinished(Set(batch.map(\.partition)))
    }

    /// A batch failed as a whole after `seconds`: its rows are not counted and their partitions fail
    /// with `message`.
    func fail(_ batch: [QueuedWrite], message: String, seconds: Double) {
        batchEnded(seconds: seconds)
        for row in batch {
            partitions[row.partition, default: PartitionState()].pending -= 1
            if partitions[row.partition]?.failure == nil { partitions[row.partition]?.failure = message }
        }
        completeFinished(Set(batch.map(\.partition)))
    }

    /// Ends `partition`'s reading and waits until all its rows are answered.
    /// - Parameters:
    ///   - skipped: the reader's own counts (expired, filtered).
    ///   - failure: why reading stopped early, if it did.
    /// - Returns: the partition's outcome. - Throws: `CancellationError` after ``cancel()``.
    func finishReading(partition: Int, skipped: RestoreCounts, failure: String?) async throws -> PartitionRestorer.Outcome {
        if cancelled { throw CancellationError() }
        var state = partitions[partition] ?? PartitionState()
        state.counts += skipped
        if state.failure == nil { state.failure = failure }
        state.readDone = true
        partitions[partition] = state
        if state.pending == 0 { return outcome(of: partition) }
        return try await withCheckedThrowingContinuation { partitions[partition]?.waiter = $0 }
    }

    private func completeFinished(_ touched: Set<Int>) {
        for p in touched {
            guard let state = partitions[p], state.readDone, state.pending == 0, let waiter = state.waiter else { continue }
            waiter.resume(returning: outcome(of: p))
        }
    }

    /// The partition's outcome; forgets its state.
    private func outcome(of partition: Int) -> PartitionRestorer.Outcome {
        let state = partitions.removeValue(forKey: partition) ?? PartitionState()
        var outcome = PartitionRestorer.Outcome(partition: partition, counts: state.counts)
        outcome.recordFailures = state.recordFailures
        outcome.failure = state.failure.map {
            PartitionFailure(partition: partition, message: $0, recordsWritten: state.counts.restored)
        }
        return outcome
    }

    /// Takes up to `max` rows ready to be sent with the oldest ready row's route, keeping the others
    /// in order (the queue holds at most a few thousand rows, so one pass is cheap next to a network
    /// round trip); nil when no row is ready. The rows left behind are compacted in place by
    /// swapping, so they are not copied (no reference counting per queued row and take).
    private func dequeue(_ max: Int) -> [QueuedWrite]? {
        let now = ContinuousClock.now
        func ready(_ row: QueuedWrite) -> Bool { row.retry.map { $0.notBefore <= now } ?? true }
        guard let first = rows.firstIndex(where: ready) else { return nil }
        let limit = Swift.max(1, max)
        let route = rows[first].route
        var out: [QueuedWrite] = []
        out.reserveCapacity(min(limit, rows.count))
        // [0, kept) holds the rows left behind, in order; [kept, read) the taken rows' old slots.
        var kept = 0
        for read in rows.indices {
            if out.count < limit, rows[read].route == route, ready(rows[read]) {
                out.append(rows[read])
            } else {
                if kept != read { rows.swapAt(kept, read) }
                kept += 1
            }
        }
        rows.removeSubrange(kept...)
        let waiting = producers
        producers.removeAll()
        for p in waiting { p.resume() }
        return out
    }

    private func serveConsumers() {
        while let consumer = consumers.first, let ready = dequeue(consumer.max) {
            consumers.removeFirst()
            consumer.continuation.resume(returning: ready)
        }
        if closed, rows.isEmpty {
            for c in consumers { c.continuation.resume(returning: nil) }
            consumers.removeAll()
        }
        armTimer()
    }
}
