import Testing

@testable import AeroVault

/// Restore's retry and writes-in-flight decisions, without a cluster (SPEC.md §14 "restore",
/// "Retries and overload").
@Suite struct WriteRetryStateMachineTests {
    static let policy = WriteRetryStateMachine.Policy(maxRetries: nil, retryTime: 60)

    @Test func windowAdmitsUpToItsSizeThenWaits() {
        var machine = WriteRetryStateMachine(policy: Self.policy, maxWindow: 3)
        #expect(machine.admit() == 0)
        #expect(machine.admit() == 1)
        #expect(machine.admit() == 2)
        #expect(machine.admit() == nil)
        machine.answered(ticket: 0, overloadedRows: 0)
        #expect(machine.admit() == 3)
    }

    /// Overload halves the window once per wave: batches sent before the cut do not cut again.
    @Test func overloadHalvesTheWindowOncePerWave() {
        var machine = WriteRetryStateMachine(policy: Self.policy, maxWindow: 8)
        let tickets = (0..<8).compactMap { _ in machine.admit() }
        #expect(tickets.count == 8)
        machine.answered(ticket: tickets[0], overloadedRows: 5)
        #expect(machine.window == 4)
        for ticket in tickets.dropFirst() { machine.answered(ticket: ticket, overloadedRows: 2) }
        #expect(machine.window == 4, "batches sent before the cut must not cut again")
        // A batch sent after the cut that is overloaded cuts again, down to 1 and no further.
        for expected in [2, 1, 1] {
            guard let ticket = machine.admit() else {
                Issue.record("the window admitted nothing")
                return
            }
            machine.answered(ticket: ticket, overloadedRows: 1)
            #expect(machine.window == expected)
        }
        #expect(machine.statistics.windowCuts == 3, "8→4→2→1; a cut at 1 changes nothing")
        #expect(machine.statistics.smallestWindow == 1)
        #expect(machine.statistics.overloadAnswers == 5 + 7 * 2 + 3)
    }

    /// After a window's worth of clean answers the window grows by one, up to the ceiling.
    @Test func cleanAnswersRaiseTheWindowAdditivelyUpToTheCeiling() {
        var machine = WriteRetryStateMachine(policy: Self.policy, maxWindow: 4)
        machine.answered(ticket: machine.admit()!, overloadedRows: 1)
        machine.answered(ticket: machine.admit()!, overloadedRows: 1)
        #expect(machine.window == 1)
        var grew: [Int] = []
        for _ in 0..<20 {
            machine.answered(ticket: machine.admit()!, overloadedRows: 0)
            if grew.last != machine.window { grew.append(machine.window) }
        }
        #expect(grew == [2, 3, 4])
        #expect(machine.window == 4)
    }

    /// Backoff doubles from 10 ms up to 1 s, with equal jitter (half fixed, half random).
    @Test func backoffDoublesWithJitterAndIsCapped() {
        let machine = WriteRetryStateMachine(policy: Self.policy, maxWindow: 1)
        #expect(machine.backoff(attempt: 1, random: 0) == 0.005)
        #expect(machine.backoff(attempt: 1, random: 1) == 0.01)
        #expect(machine.backoff(attempt: 2, random: 1) == 0.02)
        #expect(abs(machine.backoff(attempt: 3, random: 0.5) - 0.03) < 1e-12)
        #expect(machine.backoff(attempt: 7, random: 1) == 0.64)
        #expect(machine.backoff(attempt: 8, random: 1) == 1.0)
        #expect(machine.backoff(attempt: 500, random: 1) == 1.0)
        #expect(machine.backoff(attempt: 500, random: 0) == 0.5)
    }

    /// No round count: a row is retried as long as it has failed for less than the retry time.
    @Test func rowsAreRetriedUntilTheRetryTimeRunsOut() {
        var machine = WriteRetryStateMachine(policy: Self.policy, maxWindow: 1)
        for attempt in 1...50 {
            if case .giveUp = machine.decide(rows: 2, attempt: attempt, failingFor: Double(attempt), random: 0) {
                Issue.record("gave up at attempt \(attempt) after \(attempt) s")
            }
        }
        guard case .giveUp(let reason) = machine.decide(rows: 3, attempt: 51, failingFor: 60, random: 0) else {
            Issue.record("did not give up at the retry time")
            return
        }
        #expect(reason.contains("--retry-time"))
        #expect(machine.statistics.retries == 100)
        #expect(machine.statistics.rowsGivenUp == 3)
    }

    @Test func maxRetriesBoundsTheCount() {
        var machine = WriteRetryStateMachine(
            policy: .init(maxRetries: 2, retryTime: 3600), maxWindow: 1)
        #expect(machine.decide(rows: 1, attempt: 1, failingFor: 0, random: 0) == .retry(after: 0.005))
        #expect(machine.decide(rows: 1, attempt: 2, failingFor: 0.1, random: 0) == .retry(after: 0.01))
        guard case .giveUp(let reason) = machine.decide(rows: 1, attempt: 3, failingFor: 0.2, random: 0) else {
            Issue.record("a third retry was allowed with --max-retries 2")
            return
        }
        #expect(reason.contains("--max-retries"))
        var none = WriteRetryStateMachine(policy: .init(maxRetries: 0, retryTime: 3600), maxWindow: 1)
        #expect(none.decide(rows: 1, attempt: 1, failingFor: 0, random: 0) != .retry(after: 0.005))
    }
}
