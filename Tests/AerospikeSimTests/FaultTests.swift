import AerospikeWire
import Testing

@testable import AerospikeSim

@Suite struct FaultTests {
    @Test func replyDelayIsApplied() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1))
        let ports = try await sim.start()
        let c = try RawConnection(port: ports[0])
        sim.setFault(SimFaults(replyDelayMs: 150))
        let clock = ContinuousClock()
        let elapsed = try clock.measure { _ = try c.info("node") }
        #expect(elapsed >= .milliseconds(150))
        sim.clearFaults()
        await sim.stop()
    }

    @Test func errorRateIsPartialAndDeterministic() throws {
        func outcomes() throws -> [ResultCode] {
            let sim = try SimCluster(SimConfig(nodeCount: 1))
            sim.setFault(SimFaults(errorCode: 14, errorRate: 0.5))
            return (0..<200).map { sim.execute(RecordCommand(message: TestRequests.get(Int64($0))), node: 0, user: nil).resultCode }
        }
        let first = try outcomes()
        let busy = first.filter { $0 == .keyBusy }.count
        #expect(busy > 60 && busy < 140)
        #expect(first.allSatisfy { $0 == .keyBusy || $0 == .keyNotFound })
        #expect(try outcomes() == first)
    }

    @Test func scanPartitionsGetInjectedMarkers() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1))
        let ports = try await sim.start()
        try sim.seed(namespace: "test", records: 500, seed: 1)
        sim.setFault(SimFaults(errorCode: 11, errorRate: 1))
        let c = try RawConnection(port: ports[0])
        try c.send(TestRequests.scan(pids: [1, 2, 3]).frame())
        let msgs = try c.readStream()
        #expect(msgs.filter(\.isPartitionDone).map(\.partitionID) == [1, 2, 3])
        #expect(msgs.filter(\.isPartitionDone).allSatisfy { $0.resultCode == .partitionUnavailable })
        #expect(msgs.count == 4)
        await sim.stop()
    }
}
