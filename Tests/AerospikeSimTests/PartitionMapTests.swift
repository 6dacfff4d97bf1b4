import AerospikeWire
import Testing

@testable import AerospikeSim

@Suite struct PartitionMapTests {
    @Test func everyPartitionHasTwoDistinctOwnersAndMastersAreBalanced() {
        let map = SimPartitionMap(nodeCount: 3, alive: [true, true, true], replicationFactor: 2)
        #expect(map.replicaCount == 2)
        for owners in map.owners {
            #expect(owners.count == 2)
            #expect(Set(owners).count == 2)
        }
        for node in 0..<3 {
            let n = map.partitions(masteredBy: node).count
            #expect(n > 4096 / 3 - 150 && n < 4096 / 3 + 150, "node \(node) masters \(n)")
        }
    }

    @Test func killingANodePromotesTheProleAndReviveRestores() {
        let full = SimPartitionMap(nodeCount: 3, alive: [true, true, true], replicationFactor: 2)
        let degraded = SimPartitionMap(nodeCount: 3, alive: [true, false, true], replicationFactor: 2)
        for pid in 0..<Digest.partitionCount {
            #expect(!degraded.owners[pid].contains(1))
            if full.owners[pid][0] == 1 {
                #expect(degraded.owners[pid][0] == full.owners[pid][1], "prole of \(pid) becomes master")
            } else {
                #expect(degraded.owners[pid][0] == full.owners[pid][0], "master of \(pid) stays")
            }
        }
        #expect(SimPartitionMap(nodeCount: 3, alive: [true, true, true], replicationFactor: 2) == full)
    }

    @Test func bitmapsCoverEachPartitionOncePerReplica() {
        let map = SimPartitionMap(nodeCount: 4, alive: [true, true, true, true], replicationFactor: 2)
        for replica in 0..<2 {
            var covered = [Int](repeating: 0, count: 4096)
            for node in 0..<4 {
                let bits = map.bitmap(node: node, replica: replica)
                #expect(bits.count == 512)
                for pid in 0..<4096 where bits[pid >> 3] & (0x80 >> (pid & 7)) != 0 { covered[pid] += 1 }
            }
            #expect(covered.allSatisfy { $0 == 1 })
        }
    }

    @Test func noLiveNodesMeansNoOwners() {
        let map = SimPartitionMap(nodeCount: 2, alive: [false, false], replicationFactor: 2)
        #expect(map.replicaCount == 0)
        #expect(map.master(of: 0) == nil)
    }

    @Test func clusterStateBumpsGenerationsOnMembershipChange() {
        let state = ClusterState(nodeCount: 3, replicationFactor: 2)
        let peers = state.peersGeneration
        let gen = state.partitionGeneration(node: 0)
        #expect(state.setAlive(false, node: 2))
        #expect(!state.setAlive(false, node: 2))
        #expect(state.peersGeneration == peers + 1)
        #expect(state.partitionGeneration(node: 0) == gen + 1)
        #expect(state.liveNodes == [0, 1])
        #expect(state.map.partitions(masteredBy: 2).isEmpty)
        #expect(Set(state.nodeIDs).count == 3)
    }
}
