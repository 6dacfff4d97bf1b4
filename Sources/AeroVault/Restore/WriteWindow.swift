/// The async driver of ``WriteRetryStateMachine``, shared by every ``RestoreWriter`` of one
/// restore: a batch write waits in ``acquire()`` while the window of writes in flight is full, and
/// reports its answer with ``answered(ticket:overloadedRows:)``, which lets waiting writers in as
/// the window allows (SPEC.md §14 "restore", "Retries and overload").
actor WriteWindow {
    private var machine: WriteRetryStateMachine
    private var waiters: [CheckedContinuation<Int, Error>] = []
    private var cancelled = false

    init(policy: WriteRetryStateMachine.Policy, maxWindow: Int) {
        machine = WriteRetryStateMachine(policy: policy, maxWindow: maxWindow)
    }

    /// Waits for room in the window; returns the batch's ticket.
    /// - Throws: `CancellationError` after ``cancel()``.
    func acquire() async throws -> Int {
        if cancelled { throw CancellationError() }
        if waiters.isEmpty, let ticket = machine.admit() { return ticket }
        return try await withCheckedThrowingContinuation { waiters.append($0) }
    }

    /// The batch write holding `ticket` was answered (or failed as a whole: `overloadedRows` 0).
    func answered(ticket: Int, overloadedRows: Int) {
        machine.answered(ticket: ticket, overloadedRows: overloadedRows)
        while !waiters.isEmpty, let next = machine.admit() {
            waiters.removeFirst().resume(returning: next)
        }
    }

    /// What to do with `rows` rows after their `attempt`-th transient answer (see
    /// ``WriteRetryStateMachine/decide(rows:attempt:failingFor:random:)``); the jitter comes from the
    /// system random number generator.
    func decide(rows: Int, attempt: Int, failingFor: Double) -> WriteRetryStateMachine.Decision {
        machine.decide(rows: rows, attempt: attempt, failingFor: failingFor, random: Double.random(in: 0..<1))
    }

    /// Retry figures for the summary.
    var statistics: RestoreRetryStatistics { machine.statistics }

    /// Wakes every waiting writer with `CancellationError` (the restore is being torn down).
    func cancel() {
        cancelled = true
        for waiter in waiters { waiter.resume(throwing: CancellationError()) }
        waiters.removeAll()
    }
}
