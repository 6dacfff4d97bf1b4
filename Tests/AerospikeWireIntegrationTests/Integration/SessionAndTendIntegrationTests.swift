import AerospikeSim
import Testing
@testable import AerospikeWire

/// The time limits are hang guards, not speed checks: one minute was exceeded once with the whole
/// suite running beside a release build and two CPU hogs on 2 cores.
@Suite(.serialized) struct SessionAndTendIntegrationTests {
    @Test(.timeLimit(.minutes(5))) func concurrentCommandsReuseTheSessionOnNewSockets() async throws {
        let simConfig = SimConfig(nodeCount: 2, users: [SimUser(name: "u", password: "p")])
        try await withSimCluster(simConfig, user: "u", password: "p") { _, cluster in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<32 {
                    group.addTask {
                        let key = Key(namespace: "test", set: "c", userKey: .integer(Int64(i)))
                        try await cluster.put(key, bins: [Bin("v", .integer(Int64(i)))])
                        let value = try await cluster.get(key)?[bin: "v"]
                        #expect(value == .integer(Int64(i)))
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test(.timeLimit(.minutes(5))) func expiredSessionsLogInAgain() async throws {
        let simConfig = SimConfig(nodeCount: 1, users: [SimUser(name: "u", password: "p")], sessionTTL: 1)
        try await withSimCluster(simConfig, user: "u", password: "p") { sim, cluster in
            let key = Key(namespace: "test", set: nil, userKey: .string("x"))
            try await cluster.put(key, bins: [Bin("v", .integer(1))])
            // Sessions expire by the cluster clock: move it past the 1 s TTL instead of sleeping.
            sim.clock.advance(seconds: 2)
            // Force new sockets: a burst wider than the idle pool.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<24 { group.addTask { _ = try await cluster.get(key) } }
                try await group.waitForAll()
            }
            #expect(try await cluster.get(key)?[bin: "v"] == .integer(1))
        }
    }

    @Test(.timeLimit(.minutes(5))) func concurrentRefreshesCoalesceAndFollowNodeLoss() async throws {
        try await withSimCluster(SimConfig(nodeCount: 3), tendInterval: .milliseconds(50)) { sim, cluster in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 { group.addTask { try await cluster.refresh() } }
                try await group.waitForAll()
            }
            #expect(await cluster.currentNodes.count == 3)
            try await sim.kill(node: 2)
            try await cluster.refresh()
            let map = await cluster.partitionMap
            let dead = sim.nodeIDs[2]
            #expect((0..<Digest.partitionCount).allSatisfy { map.master(namespace: "test", partition: $0) != dead })
            #expect((0..<Digest.partitionCount).allSatisfy { map.master(namespace: "test", partition: $0) != nil })
            // Dropped once the survivors stop listing it.
            var nodes = await cluster.currentNodes.count
            for _ in 0..<40 where nodes != 2 {
                try await Task.sleep(for: .milliseconds(50))
                nodes = await cluster.currentNodes.count
            }
            #expect(nodes == 2)
            try await sim.revive(node: 2)
            for _ in 0..<60 where nodes != 3 {
                try await Task.sleep(for: .milliseconds(50))
                nodes = await cluster.currentNodes.count
            }
            #expect(nodes == 3)
        }
    }
}
