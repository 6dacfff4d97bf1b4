import Testing
@testable import AerospikeWire

@Suite struct ScanStateMachineTests {
    /// A digest whose partition id is `p` (little-endian low 12 bits), varied by `tag`.
    static func digest(partition p: Int, tag: UInt8 = 0) -> [UInt8] {
        [UInt8(p & 0xFF), UInt8(p >> 8)] + [UInt8](repeating: tag, count: 18)
    }

    @Test func groupsPartitionsByMasterAndFinishesOnLast() {
        var sm = ScanStateMachine(partitions: [0, 1, 2, 3])
        let plan = sm.planRound { $0 % 2 == 0 ? "A" : "B" }
        #expect(plan == .scan([
            .init(node: "A", partitions: [0, 2], resumeDigests: []), .init(node: "B", partitions: [1, 3], resumeDigests: []),
        ]))
        #expect(sm.state(of: 0) == .inFlight(node: "A"))
        let r1 = sm.nodeCompleted("A")
        #expect(r1 == [0, 2])
        let r2 = sm.nodeCompleted("B")
        #expect(r2 == [1, 3])
        let r3 = sm.planRound { _ in "A" }
        #expect(r3 == .finished)
    }

    @Test func errorMarkerResumesAfterLastDigestOnNewMaster() {
        var sm = ScanStateMachine(partitions: [5, 6])
        _ = sm.planRound { _ in "A" }
        let d = Self.digest(partition: 5, tag: 7)
        let r4 = sm.recordReceived(digest: d, from: "A")
        #expect(r4)
        let r5 = sm.partitionMarker(5, resultCode: .partitionUnavailable, from: "A")
        #expect(r5 == nil)
        let r6 = sm.nodeCompleted("A")
        #expect(r6 == [6])
        let r7 = sm.planRound { _ in "B" }
        #expect(r7 == .scan([.init(node: "B", partitions: [], resumeDigests: [d])]))
        let r8 = sm.nodeCompleted("B")
        #expect(r8 == [5])
        let r9 = sm.planRound { _ in "B" }
        #expect(r9 == .finished)
        #expect(sm.recordCount == 1)
    }

    @Test func nodeFailureRetriesOnlyThatNodesPartitions() {
        var sm = ScanStateMachine(partitions: [0, 1, 2])
        _ = sm.planRound { $0 == 2 ? "B" : "A" }
        let d0 = Self.digest(partition: 0, tag: 1)
        let r10 = sm.recordReceived(digest: d0, from: "A")
        #expect(r10)
        sm.nodeFailed("A")
        let r11 = sm.nodeCompleted("B")
        #expect(r11 == [2])
        let r12 = sm.planRound { _ in "B" }
        #expect(r12 == .scan([.init(node: "B", partitions: [1], resumeDigests: [d0])]))
    }

    @Test func recordsFromWrongNodeOrDonePartitionAreDropped() {
        var sm = ScanStateMachine(partitions: [0])
        _ = sm.planRound { _ in "A" }
        let r13 = sm.recordReceived(digest: Self.digest(partition: 0), from: "B")
        #expect(!r13)
        let r14 = sm.recordReceived(digest: Self.digest(partition: 9), from: "A")
        #expect(!r14)
        let r15 = sm.recordReceived(digest: [1, 2], from: "A")
        #expect(!r15)
        _ = sm.nodeCompleted("A")
        let r16 = sm.recordReceived(digest: Self.digest(partition: 0), from: "A")
        #expect(!r16)
    }

    @Test func givesUpAfterMaxRoundsNamingPartitions() {
        var sm = ScanStateMachine(partitions: [3, 4], maxRounds: 2)
        for _ in 0..<2 {
            guard case .scan = sm.planRound(master: { _ in "A" }) else {
                Issue.record("expected a scan plan")
                return
            }
            sm.nodeFailed("A")
        }
        let r17 = sm.planRound { _ in "A" }
        #expect(r17 == .gaveUp(incomplete: [3, 4]))
    }

    @Test func partitionsWithoutMasterWaitForNextRound() {
        var sm = ScanStateMachine(partitions: [1, 2])
        let r18 = sm.planRound { $0 == 1 ? "A" : nil }
        #expect(r18 == .scan([.init(node: "A", partitions: [1], resumeDigests: [])]))
        #expect(sm.state(of: 2) == .pending)
        _ = sm.nodeCompleted("A")
        let r19 = sm.planRound { _ in "A" }
        #expect(r19 == .scan([.init(node: "A", partitions: [2], resumeDigests: [])]))
    }

    @Test func resumeFromEarlierScanAndInputCleanup() {
        let d = Self.digest(partition: 7, tag: 3)
        var sm = ScanStateMachine(partitions: [7, 7, 9000, -1, 8], resumeFrom: [7: d])
        #expect(sm.incomplete == [7, 8])
        let r20 = sm.planRound { _ in "A" }
        #expect(r20 == .scan([.init(node: "A", partitions: [8], resumeDigests: [d])]))
        let r21 = sm.partitionMarker(7, resultCode: .ok, from: "A")
        #expect(r21 == 7)
    }
}
