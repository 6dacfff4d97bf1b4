import Testing
@testable import AerospikeWire

@Suite struct BatchWriteStateMachineTests {
    static let written = WriteResult(generation: 1, voidTime: 0)
    static func server(_ code: ResultCode) -> Result<WriteResult, WireError> { .failure(WireError.server(code, "row")) }
    static func noMaster(_ row: Int) -> WireError { WireError(.noNodes, "no master for row \(row)") }

    /// Plans a round with `master` and answers every planned row with `answer(row)`.
    static func round(
        _ sm: inout BatchWriteStateMachine, master: (Int) -> String?,
        answer: (Int) -> Result<WriteResult, WireError>
    ) -> [BatchWriteStateMachine.NodeRows] {
        let plan = sm.planRound(master: master, noMaster: noMaster)
        for request in plan { for row in request.rows { sm.rowAnswered(row, answer(row)) } }
        return plan
    }

    @Test func groupsRowsByMasterAndFinishesInOneRound() {
        var sm = BatchWriteStateMachine(rowCount: 4, maxRetries: 3)
        let plan = Self.round(&sm, master: { $0 % 2 == 0 ? "A" : "B" }) { _ in .success(Self.written) }
        #expect(plan == [.init(node: "A", rows: [0, 2]), .init(node: "B", rows: [1, 3])])
        #expect(sm.endRound() == .finished)
        #expect(sm.round == 1)
        #expect(sm.results.map(\.resultCode) == [.ok, .ok, .ok, .ok])
    }

    @Test func retriesOnlyTransientRowsWithGrowingAttempts() {
        var sm = BatchWriteStateMachine(rowCount: 3, maxRetries: 3)
        _ = Self.round(&sm, master: { _ in "A" }) { row in
            switch row {
            case 0: return .success(Self.written)
            case 1: return Self.server(.partitionUnavailable)
            default: return Self.server(.keyExists)
            }
        }
        #expect(sm.endRound() == .retry(attempt: 1))
        let second = Self.round(&sm, master: { _ in "A" }) { _ in Self.server(.keyBusy) }
        #expect(second == [.init(node: "A", rows: [1])])
        #expect(sm.endRound() == .retry(attempt: 2))
        let third = Self.round(&sm, master: { _ in "A" }) { _ in .success(Self.written) }
        #expect(third == [.init(node: "A", rows: [1])])
        #expect(sm.endRound() == .finished)
        #expect(sm.results.map(\.resultCode) == [.ok, .ok, .keyExists])
    }

    @Test func retriedRowFollowsTheNewMaster() {
        var sm = BatchWriteStateMachine(rowCount: 2, maxRetries: 2)
        _ = Self.round(&sm, master: { _ in "A" }) { row in
            row == 0 ? .failure(WireError(.connection, "socket closed")) : .success(Self.written)
        }
        sm.rowInDoubt(0)
        #expect(sm.endRound() == .retry(attempt: 1))
        let moved = Self.round(&sm, master: { _ in "B" }) { _ in .success(Self.written) }
        #expect(moved == [.init(node: "B", rows: [0])])
        #expect(sm.endRound() == .finished)
        #expect(sm.results.map(\.inDoubt) == [true, false])
        #expect(sm.results.map(\.resultCode) == [.ok, .ok])
    }

    @Test func rowWithoutMasterIsRetriedOnceTheMapNamesOne() {
        var sm = BatchWriteStateMachine(rowCount: 2, maxRetries: 2)
        let first = Self.round(&sm, master: { $0 == 0 ? nil : "A" }) { _ in .success(Self.written) }
        #expect(first == [.init(node: "A", rows: [1])])
        #expect(sm.endRound() == .retry(attempt: 1))
        let second = Self.round(&sm, master: { _ in "C" }) { _ in .success(Self.written) }
        #expect(second == [.init(node: "C", rows: [0])])
        #expect(sm.endRound() == .finished)
        #expect(sm.results.map(\.resultCode) == [.ok, .ok])
    }

    @Test func exhaustionReportsTheLastErrorAndTheRounds() {
        var sm = BatchWriteStateMachine(rowCount: 1, maxRetries: 2)
        for attempt in 1...2 {
            _ = Self.round(&sm, master: { _ in "A" }) { _ in Self.server(.partitionUnavailable) }
            #expect(sm.endRound() == .retry(attempt: attempt))
        }
        _ = Self.round(&sm, master: { _ in nil }) { _ in .success(Self.written) }
        #expect(sm.endRound() == .finished)
        guard case .failure(let e) = sm.results[0].outcome else {
            Issue.record("exhausted row succeeded")
            return
        }
        #expect(e.code == .noNodes)
        #expect(e.message == "no master for row 0 (gave up after 3 rounds)")
    }

    @Test func noRetriesAllowedKeepsTheRowsOwnAnswer() {
        var sm = BatchWriteStateMachine(rowCount: 1, maxRetries: 0)
        _ = Self.round(&sm, master: { _ in "A" }) { _ in Self.server(.timeout) }
        #expect(sm.endRound() == .finished)
        #expect(sm.results[0].resultCode == .timeout)
        guard case .failure(let e) = sm.results[0].outcome else { return }
        #expect(!e.message.contains("gave up"))
    }

    @Test func unansweredRowIsRetriedAndSecondAnswerIgnored() {
        var sm = BatchWriteStateMachine(rowCount: 2, maxRetries: 1)
        _ = sm.planRound(master: { _ in "A" }, noMaster: Self.noMaster)
        let first = sm.rowAnswered(1, .success(Self.written))
        let second = sm.rowAnswered(1, Self.server(.keyExists))
        #expect(first)
        #expect(!second)
        #expect(sm.endRound() == .retry(attempt: 1))
        let retry = Self.round(&sm, master: { _ in "A" }) { _ in .success(Self.written) }
        #expect(retry == [.init(node: "A", rows: [0])])
        #expect(sm.endRound() == .finished)
        #expect(sm.results.map(\.resultCode) == [.ok, .ok])
    }

    @Test func expiredSessionIsRetried() {
        var sm = BatchWriteStateMachine(rowCount: 1, maxRetries: 1)
        _ = Self.round(&sm, master: { _ in "A" }) { _ in Self.server(.expiredSession) }
        #expect(sm.endRound() == .retry(attempt: 1))
    }
}
