import AerospikeSim
import Testing
@testable import AerospikeWire

@Suite(.serialized) struct ClusterIntegrationTests {
    @Test func discoversAllNodesAndFullPartitionMap() async throws {
        try await withSimCluster { sim, cluster in
            #expect(await cluster.currentNodes.map(\.id) == sim.nodeIDs.sorted())
            let map = await cluster.partitionMap
            for p in [0, 1, 2451, 4095] {
                let expected = sim.masterNode(ofPartition: p).map { sim.nodeIDs[$0] }
                #expect(map.master(namespace: "test", partition: p) == expected)
            }
            #expect((0..<4096).allSatisfy { map.master(namespace: "test", partition: $0) != nil })
            let name = try await cluster.clusterName()
            let namespaces = try await cluster.namespaces()
            #expect(name == "aerovault-sim")
            #expect(namespaces == ["test"])
        }
    }

    @Test func putGetExistsDeleteByKeyAndDigest() async throws {
        try await withSimCluster { _, cluster in
            let key = Key(namespace: "test", set: "s", userKey: .string("k1"))
            let bins = [Bin("i", .integer(42)), Bin("s", .string("hé")), Bin("b", .blob([0, 1, 2])), Bin("d", .double(1.25))]
            let w = try await cluster.put(key, bins: bins, policy: WritePolicy(ttl: .never, sendKey: true))
            #expect(w.generation == 1)
            let r = try #require(try await cluster.get(key))
            #expect(r[bin: "i"] == .integer(42))
            #expect(r[bin: "s"] == .string("hé"))
            #expect(r[bin: "b"] == .blob([0, 1, 2]))
            #expect(try await cluster.exists(key))
            let byDigest = Key(namespace: "test", set: "s", digest: key.digest)
            try await cluster.put(byDigest, bins: [Bin("i", .integer(7))], policy: WritePolicy(recordExists: .updateOnly))
            #expect(try await cluster.get(byDigest, binNames: ["i"])?[bin: "i"] == .integer(7))
            await #expect(throws: WireError.self) {
                try await cluster.put(key, bins: bins, policy: WritePolicy(recordExists: .createOnly))
            }
            await #expect(throws: WireError.self) {
                try await cluster.put(key, bins: bins, policy: WritePolicy(generation: .equal(99)))
            }
            #expect(try await cluster.delete(key))
            #expect(try await cluster.delete(key) == false)
            #expect(try await cluster.get(key) == nil)
            #expect(try await cluster.exists(key) == false)
        }
    }

    @Test func loginRequiredAndWrongPasswordRejected() async throws {
        let simConfig = SimConfig(nodeCount: 2, users: [SimUser(name: "admin", password: "secret")])
        try await withSimCluster(simConfig, user: "admin", password: "secret") { sim, cluster in
            let key = Key(namespace: "test", set: nil, userKey: .integer(1))
            try await cluster.put(key, bins: [Bin("a", .integer(1))])
            #expect(try await cluster.get(key)?[bin: "a"] == .integer(1))
            #expect(await cluster.currentNodes.count == 2)

            let port = sim.ports[0]
            do {
                _ = try await Cluster.connect(ClusterConfig(seeds: [Host("127.0.0.1", port)], user: "admin", password: "wrong"))
                Issue.record("login with a wrong password succeeded")
            } catch let e as WireError {
                #expect(e.code == .notAuthenticated)
            }
            // Without credentials, data commands are refused with NOT_AUTHENTICATED.
            let c = try await Connection.connect(host: "127.0.0.1", port: port)
            defer { c.close() }
            let reply = try await c.command(
                AsMessage(info1: Info1.read | Info1.getAll, fields: key.fields(sendKey: false)), timeout: .seconds(5))
            #expect(reply.resultCode == .notAuthenticated)
        }
    }

    @Test func clusterNameMismatchIsRefused() async throws {
        _ = try await withSimCluster { sim, _ in
            await #expect(throws: WireError.self) {
                _ = try await Cluster.connect(ClusterConfig(seeds: [Host("127.0.0.1", sim.ports[0])], clusterName: "other"))
            }
        }
    }

    @Test func infoHelpers() async throws {
        try await withSimCluster { sim, cluster in
            try sim.seed(namespace: "test", records: 500, seed: 1)
            #expect(try await cluster.objectCount(namespace: "test") == 500)
            let sets = try await cluster.sets(namespace: "test")
            #expect(!sets.isEmpty)
            _ = try await cluster.udfList()
            _ = try await cluster.secondaryIndexes(namespace: "test")
        }
    }
}
