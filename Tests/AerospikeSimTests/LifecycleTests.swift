import AerospikeWire
import Testing

@testable import AerospikeSim

@Suite struct LifecycleTests {
    @Test func killAndReviveMovePartitionsAndKeepData() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 3))
        let ports = try await sim.start()
        try sim.seed(namespace: "test", records: 1000, seed: 8)
        let before = try RawConnection(port: ports[0]).info("partition-generation", "peers-generation", "replicas")
        let owned = sim.partitions(masteredBy: 1)
        #expect(!owned.isEmpty)

        try await sim.kill(node: 1)
        #expect(throws: (any Error).self) { try RawConnection(port: ports[1]) }
        #expect(sim.liveNodes == [0, 2])
        #expect(sim.partitions(masteredBy: 1).isEmpty)
        let after = try RawConnection(port: ports[0]).info("partition-generation", "peers-generation", "replicas", "peers-clear-std")
        #expect(after["partition-generation"] != before["partition-generation"])
        #expect(after["peers-generation"] != before["peers-generation"])
        #expect(after["replicas"] != before["replicas"])
        #expect(after["peers-clear-std"]?.contains(sim.nodeIDs[1]) == false)
        #expect(try sim.recordCount(namespace: "test") == 1000)

        // A partition node 1 mastered is now served by a survivor, records intact.
        let pid = owned[0]
        let newMaster = try #require(sim.masterNode(ofPartition: pid))
        let c = try RawConnection(port: ports[newMaster])
        try c.send(TestRequests.scan(pids: [pid]).frame())
        let got = try c.readStream().filter { !$0.isLast }
        #expect(got.count == (try sim.records(namespace: "test")).filter { $0.digest.partitionID == pid }.count)
        #expect(got.allSatisfy { !$0.isPartitionDone })

        try await sim.revive(node: 1)
        #expect(sim.liveNodes == [0, 1, 2])
        #expect(sim.partitions(masteredBy: 1) == owned)
        #expect(try RawConnection(port: ports[1]).info("node")["node"] == sim.nodeIDs[1])
        await sim.stop()
    }

    @Test func killOverInfoAndDropScanFault() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 2))
        let ports = try await sim.start()
        try sim.seed(namespace: "test", records: 2000, seed: 2)
        sim.setFault(SimFaults(dropScanAfterRecords: 50), node: 0)
        let c = try RawConnection(port: ports[0])
        try c.send(TestRequests.scan(pids: sim.partitions(masteredBy: 0)).frame())
        #expect(throws: (any Error).self) { try c.readStream() }
        sim.clearFaults()

        let ctl = try RawConnection(port: ports[0])
        #expect(try ctl.info("sim-kill:node=1")["sim-kill:node=1"] == "ok")
        for _ in 0..<100 where sim.liveNodes != [0] { try await Task.sleep(for: .milliseconds(10)) }
        #expect(sim.liveNodes == [0])
        #expect(try ctl.info("sim-revive:node=1")["sim-revive:node=1"] == "ok")
        for _ in 0..<200 where sim.liveNodes != [0, 1] { try await Task.sleep(for: .milliseconds(10)) }
        #expect(sim.liveNodes == [0, 1])
        await sim.stop()
    }

    @Test func startTwiceAndUnknownNodesAreErrors() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1))
        try await sim.start()
        await #expect(throws: SimError.self) { try await sim.start() }
        await #expect(throws: SimError.self) { try await sim.kill(node: 5) }
        await sim.stop()
        #expect(throws: SimError.self) { try SimCluster(SimConfig(nodeCount: 0)) }
        #expect(throws: SimError.self) { try SimCluster(SimConfig(namespaces: ["a;b"])) }
        #expect(throws: SimError.self) { try sim.records(namespace: "nope") }
    }
}
