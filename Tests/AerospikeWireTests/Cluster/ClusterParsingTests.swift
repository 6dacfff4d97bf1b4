import Testing
@testable import AerospikeWire

@Suite struct PartitionMapTests {
    @Test func mergesMastersAndReplicasFromBitmaps() throws {
        var map = PartitionMap()
        let evens = PartitionMap.bitmap(stride(from: 0, to: 4096, by: 2))
        let odds = PartitionMap.bitmap(stride(from: 1, to: 4096, by: 2))
        try map.merge(node: "A", replicas: "test:0,2,\(evens),\(odds);bar:0,1,\(evens)")
        try map.merge(node: "B", replicas: "test:0,2,\(odds),\(evens)")
        #expect(map.master(namespace: "test", partition: 0) == "A")
        #expect(map.master(namespace: "test", partition: 1) == "B")
        #expect(map.replicas(namespace: "test", partition: 1) == ["B", "A"])
        #expect(map.master(namespace: "bar", partition: 1) == nil)
        #expect(map.master(namespace: "nope", partition: 1) == nil)
        #expect(map.master(namespace: "test", partition: 4096) == nil)
    }

    @Test func bitOrderIsMSBFirst() throws {
        let b64 = PartitionMap.bitmap([0, 9])
        var map = PartitionMap()
        try map.merge(node: "A", replicas: "n:0,1,\(b64)")
        #expect(map.master(namespace: "n", partition: 0) == "A")
        #expect(map.master(namespace: "n", partition: 9) == "A")
        #expect(map.master(namespace: "n", partition: 1) == nil)
        #expect(b64.hasPrefix("gEA"))  // 0x80 0x40 …
    }

    @Test func higherRegimeWinsLowerIsIgnored() throws {
        var map = PartitionMap()
        let all = PartitionMap.bitmap(0..<4096)
        try map.merge(node: "A", replicas: "sc:5,1,\(all)")
        try map.merge(node: "B", replicas: "sc:4,1,\(all)")
        #expect(map.master(namespace: "sc", partition: 10) == "A")
        try map.merge(node: "C", replicas: "sc:6,1,\(all)")
        #expect(map.master(namespace: "sc", partition: 10) == "C")
    }

    @Test func malformedRepliesThrow() {
        var map = PartitionMap()
        for bad in ["test", "test:0,2,AAAA", "test:x,1,AAAA", "test:0,1,!!!"] {
            #expect(throws: WireError.self) { try map.merge(node: "A", replicas: bad) }
        }
    }
}

@Suite struct PeersParserTests {
    /// The example reply of SPEC.md §12.6 "Peers".
    @Test func parsesFactSheetExample() throws {
        let (gen, peers) = try PeersParser.parse("12,3000,[[BB9050011AC4202,,[172.17.0.5]],[BB9070011AC4202,,[172.17.0.7:3100]]]")
        #expect(gen == 12)
        #expect(peers == [
            Peer(nodeID: "BB9050011AC4202", tlsName: "", hosts: [Host("172.17.0.5", 3000)]),
            Peer(nodeID: "BB9070011AC4202", tlsName: "", hosts: [Host("172.17.0.7", 3100)]),
        ])
    }

    @Test func emptyListIPv6AndMultipleHosts() throws {
        #expect(try PeersParser.parse("3,3000,[]").peers.isEmpty)
        let (_, peers) = try PeersParser.parse("1,,[[A1,tls,[[::1]:3001,127.0.0.1]]]")
        #expect(peers.first?.hosts == [Host("::1", 3001, tlsName: "tls"), Host("127.0.0.1", 3000, tlsName: "tls")])
        #expect(peers.first?.tlsName == "tls")
    }

    @Test func malformedThrows() {
        for bad in ["", "x,3000,[]", "1,3000", "1,3000,[[A,,[h]]", "1,3000,[[A,,[h:notaport]]]"] {
            #expect(throws: WireError.self) { try PeersParser.parse(bad) }
        }
    }
}

@Suite struct ClusterTendStateTests {
    @Test func newPeersAreAddedAndChangedGenerationsRefreshTheMap() {
        var s = ClusterTendState()
        let polls: [String: NodePoll] = ["A": .ok(nodeID: "A", peersGeneration: 1, partitionGeneration: 4)]
        #expect(s.nodesNeedingPeers(polls: polls) == ["A"])
        let peer = Peer(nodeID: "B", tlsName: "", hosts: [Host("127.0.0.1", 3001)])
        let d = s.update(polls: polls, peers: ["A": [peer]], known: ["A"])
        #expect(d.add == [peer])
        #expect(d.mapChanged)
        s.mapLoaded(node: "A", partitionGeneration: 4)
        #expect(s.nodesNeedingPeers(polls: polls).isEmpty)
        let r1 = s.update(polls: polls, peers: [:], known: ["A", "B"]).mapChanged
        #expect(!r1)
    }

    @Test func failedNodeDroppedWhenPeersNoLongerListItOrAfterMaxFailures() {
        var s = ClusterTendState()
        let okA = NodePoll.ok(nodeID: "A", peersGeneration: 2, partitionGeneration: 1)
        let d1 = s.update(polls: ["A": okA, "B": .failed], peers: ["A": []], known: ["A", "B"])
        #expect(d1.remove == ["B"])
        #expect(d1.failed == ["B"])
        var t = ClusterTendState()
        for i in 1...3 {
            let d = t.update(polls: ["B": .failed], peers: [:], known: ["B"])
            #expect(d.remove.contains("B") == (i == 3))
        }
    }

    @Test func retryBackoffDoublesAndCaps() {
        let r = RetryPolicy(maxRetries: 5, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(50))
        #expect([1, 2, 3, 4].map(r.backoff(attempt:)) == [.milliseconds(10), .milliseconds(20), .milliseconds(40), .milliseconds(50)])
    }
}
