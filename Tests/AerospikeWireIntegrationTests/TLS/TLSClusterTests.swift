import AerospikeSim
import Testing
@testable import AerospikeWire

/// A 3-node TLS simulator driven by the client: discovery, records, scans and login all over TLS.
@Suite(.serialized) struct TLSClusterTests {
    private func config(_ ports: [Int], tls: TLSConfig?, user: String? = nil, password: String? = nil) -> ClusterConfig {
        ClusterConfig(
            seeds: [Host("127.0.0.1", ports[0])], user: user, password: password, connectTimeout: .seconds(2),
            socketTimeout: .seconds(10), tendInterval: .milliseconds(200), tls: tls)
    }

    @Test func tendFindsEveryNodeThroughPeersTLSStd() async throws {
        try await withSim(SimConfig(nodeCount: 3, tls: TLSFixtures.simTLS())) { sim, ports in
            // Only the seed is given; the other two nodes come from peers-tls-std, with their TLS name.
            let cluster = try await Cluster.connect(config(ports, tls: TLSFixtures.clientTLS()))
            #expect(await cluster.currentNodes.map(\.id) == sim.nodeIDs.sorted())
            let peers = try await cluster.info(["peers-tls-std"])["peers-tls-std"] ?? ""
            let parsed = try PeersParser.parse(peers)
            #expect(parsed.peers.count == 2)
            #expect(parsed.peers.allSatisfy { $0.tlsName == TLSFixtures.serverName })
            #expect(parsed.peers.allSatisfy { $0.hosts.allSatisfy { $0.tlsName == TLSFixtures.serverName } })
            let map = await cluster.partitionMap
            #expect((0..<4096).allSatisfy { map.master(namespace: "test", partition: $0) != nil })
            // TLS-only nodes: the TLS service is this port, the clear lists are empty.
            let seedNode = try #require(await cluster.currentNodes.first { $0.host.port == ports[0] })
            let info = try await cluster.info(["service-tls-std", "service-clear-std", "peers-clear-std"], node: seedNode)
            #expect(info["service-tls-std"] == "127.0.0.1:\(ports[0])")
            #expect(info["service-clear-std"] == "")
            #expect(try PeersParser.parse(info["peers-clear-std"] ?? "").peers.isEmpty)
            await cluster.close()
        }
    }

    @Test func simulatorRefusesUnusableCertificateFiles() async throws {
        let tls = SimTLSConfig(certificateFile: "/nonexistent/server.pem", keyFile: TLSFixtures.serverKey, name: "n")
        let sim = try SimCluster(SimConfig(nodeCount: 1, tls: tls))
        do {
            try await sim.start()
            await sim.stop()
            Issue.record("the simulator started with a missing certificate file")
        } catch let error as SimError {
            #expect(error.code == .invalidConfig)
            #expect(error.message.contains("/nonexistent/server.pem does not exist"))
        }
        #expect(throws: SimError.self) { try SimCluster(SimConfig(tls: SimTLSConfig(certificateFile: "c", keyFile: "k", name: "a,b"))) }
    }

    @Test func putGetAndFullScanOverTLS() async throws {
        try await withSim(SimConfig(nodeCount: 3, tls: TLSFixtures.simTLS())) { sim, ports in
            try sim.seed(namespace: "test", records: 2_000, seed: 5)
            let cluster = try await Cluster.connect(config(ports, tls: TLSFixtures.clientTLS()))
            let key = Key(namespace: "test", set: "tls", userKey: .string("k"))
            try await cluster.put(key, bins: [Bin("v", .string("over tls"))])
            #expect(try await cluster.get(key)?[bin: "v"] == .string("over tls"))
            var records = Set<[UInt8]>()
            var done = Set<Int>()
            for try await event in cluster.scan(ScanRequest(namespace: "test")) {
                switch event {
                case .record(let r): records.insert(r.digest)
                case .partitionDone(let p): done.insert(p)
                }
            }
            #expect(records.count == 2_001)
            #expect(done.count == 4096)
            await cluster.close()
        }
    }

    @Test func loginAndMutualTLS() async throws {
        let simConfig = SimConfig(
            nodeCount: 3, users: [SimUser(name: "admin", password: "secret")], tls: TLSFixtures.simTLS(mutual: true))
        try await withSim(simConfig) { _, ports in
            let tls = TLSFixtures.clientTLS(clientCertificate: true)
            let cluster = try await Cluster.connect(config(ports, tls: tls, user: "admin", password: "secret"))
            #expect(await cluster.currentNodes.count == 3)
            let key = Key(namespace: "test", set: nil, userKey: .integer(7))
            try await cluster.put(key, bins: [Bin("a", .integer(1))])
            #expect(try await cluster.get(key)?[bin: "a"] == .integer(1))
            await cluster.close()

            let refused = await connectError(config(ports, tls: tls, user: "admin", password: "wrong"))
            #expect(refused?.code == .notAuthenticated)
        }
    }

    @Test func seedWithItsOwnTLSNameAndAnIPAddressName() async throws {
        try await withSim(SimConfig(nodeCount: 1, tls: TLSFixtures.simTLS())) { _, ports in
            // host:tlsname:port form: the seed's own name wins over a wrong configured one.
            var named = config(ports, tls: TLSFixtures.clientTLS(name: "wrong-name"))
            named.seeds = [Host("127.0.0.1", ports[0], tlsName: TLSFixtures.serverName)]
            let first = try await Cluster.connect(named)
            await first.close()
            // No TLS name at all: the seed host 127.0.0.1 is checked against the certificate's IP address.
            let second = try await Cluster.connect(config(ports, tls: TLSFixtures.clientTLS(name: nil)))
            #expect(await second.currentNodes.count == 1)
            await second.close()
        }
    }
}
