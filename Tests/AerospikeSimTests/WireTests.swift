import AerospikeWire
import Testing

@testable import AerospikeSim

/// End-to-end tests over real 127.0.0.1 sockets, speaking the wire protocol through the codec.
@Suite struct WireTests {
    @Test func putGetAndInfoOverTheWire() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 2))
        let ports = try await sim.start()
        defer { Task { await sim.stop() } }
        let c = try RawConnection(port: ports[1])
        #expect(try c.roundTrip(TestRequests.put(1, bins: [("a", .string("hi"))])).resultCode == .ok)
        let got = try c.roundTrip(TestRequests.get(1))
        #expect(got.resultCode == .ok && got.generation == 1)
        #expect(try got.operations.first?.decodedValue() == .string("hi"))
        let info = try c.info("node", "partition-generation", "build")
        #expect(info["node"] == sim.nodeIDs[1])
        #expect(info["partition-generation"] == "1")
        await sim.stop()
    }

    /// A node serves the partitions it holds (master or replica) and marks the others.
    @Test func scanStreamsDescendingDigestsAndMarksForeignPartitions() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 3))
        let ports = try await sim.start()
        try sim.seed(namespace: "test", records: 4000, seed: 3)
        let replica = try #require((0..<4096).first { sim.nodes(holding: $0).last == 0 && sim.masterNode(ofPartition: $0) != 0 })
        let mine = sim.partitions(masteredBy: 0).prefix(2) + [replica]
        let foreign = try #require((0..<4096).first { !sim.nodes(holding: $0).contains(0) })
        let c = try RawConnection(port: ports[0])
        try c.send(TestRequests.scan(pids: Array(mine) + [foreign]).frame())
        let msgs = try c.readStream()
        #expect(msgs.last?.isLast == true && msgs.last?.resultCode == .ok)
        let markers = msgs.filter(\.isPartitionDone)
        #expect(markers.map(\.partitionID) == [foreign])
        #expect(markers.first?.resultCode == .partitionUnavailable)
        let records = msgs.filter { !$0.isLast && !$0.isPartitionDone }
        let expected = try sim.records(namespace: "test").filter { mine.contains($0.digest.partitionID) }
        #expect(records.count == expected.count)
        for pid in mine {
            let digests = records.compactMap(\.digest).filter { Digest.partitionID($0) == pid }
            #expect(digests == digests.sorted { $1.lexicographicallyPrecedes($0) }, "partition \(pid) descending")
            #expect(Set(digests) == Set(expected.filter { $0.digest.partitionID == pid }.map(\.digest.bytes)))
        }
        #expect(records.allSatisfy { $0.namespace == "test" && !$0.operations.isEmpty })
        await sim.stop()
    }

    @Test func scanOptionsFilterMaxRecordsNoBinsAndResume() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1))
        let ports = try await sim.start()
        try sim.seed(namespace: "test", records: 3000, seed: 4)
        let all = try sim.records(namespace: "test")
        let c = try RawConnection(port: ports[0])
        let pids = Array(0..<4096)

        let cutoff = all.map(\.lastUpdateMs).sorted()[2000]
        let filter = FilterExpression.lastUpdate(from: Int64(cutoff) * 1_000_000, until: nil)
        try c.send(TestRequests.scan(pids: pids, filter: filter).frame())
        let changed = try c.readStream().filter { !$0.isLast }
        #expect(changed.count == all.filter { $0.lastUpdateMs >= cutoff }.count)

        try c.send(TestRequests.scan(pids: pids, maxRecords: 10, noBins: true).frame())
        let few = try c.readStream().filter { !$0.isLast }
        #expect(few.count == 10 && few.allSatisfy { $0.operations.isEmpty })

        let counts = Dictionary(grouping: all, by: \.digest.partitionID)
        let pid = try #require(counts.first { $0.value.count >= 3 }?.key)
        let inPartition = all.filter { $0.digest.partitionID == pid }.map(\.digest).sorted(by: >)
        try #require(inPartition.count >= 2)
        var resume = TestRequests.scan(pids: [])
        resume.fields = [.string(.namespace, "test"), AsMessage.digestArrayField([inPartition[0].bytes])]
        try c.send(resume.frame())
        let rest = try c.readStream().compactMap(\.digest)
        #expect(rest == inPartition.dropFirst().map(\.bytes))

        var unsupported = TestRequests.scan(pids: [1])
        unsupported.info3 = 0
        try c.send(unsupported.frame())
        #expect(try c.readStream().last?.resultCode == .unsupportedFeature)
        await sim.stop()
    }

    @Test func batchReadAndWriteRows() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1))
        let ports = try await sim.start()
        let c = try RawConnection(port: ports[0])
        _ = try c.roundTrip(TestRequests.put(1, bins: [("v", .integer(1))]))
        let ns = [Field.string(.namespace, "test"), .string(.setName, "t")]
        let read = BatchRow.Attributes(info1: Info1.read | Info1.getAll, info2: 0, info3: 0, fields: ns)
        let write = BatchRow.Attributes(
            info1: 0, info2: Info2.write | Info2.respondAllOps, info3: 0, generation: 0, ttl: 0, fields: ns,
            operations: [.write("w", .integer(7))])
        let request = BatchRequest(entries: [
            (0, TestRequests.key(1).digest, read), (1, TestRequests.key(2).digest, read),
            (2, TestRequests.key(3).digest, write),
        ])
        try c.send(request.message().frame())
        let msgs = try c.readStream()
        #expect(msgs.map(\.transactionTTL).prefix(3) == [0, 1, 2])
        #expect(msgs.map(\.resultCode) == [.ok, .keyNotFound, .ok, .ok])
        #expect(try msgs[0].operations.first?.decodedValue() == .integer(1))
        #expect(try sim.record(namespace: "test", digest: SimDigest(bytes: TestRequests.key(3).digest)!)?.bin("w")?.integerValue == 7)
        await sim.stop()
    }

    /// As the real server (captured `batch-write-reply.bin`, server `write.c`): a write row with
    /// RESPOND_ALL_OPS is answered with one empty op per written bin, typed like the request's op;
    /// without it, with the result code, generation and void time only.
    @Test func batchWriteRowsEchoOpsOnlyUnderRespondAllOps() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1))
        let ports = try await sim.start()
        let c = try RawConnection(port: ports[0])
        let ns = [Field.string(.namespace, "test"), .string(.setName, "t")]
        func write(_ info2: UInt8) -> BatchRow.Attributes {
            BatchRow.Attributes(
                info1: 0, info2: info2, info3: 0, generation: 0, ttl: 0, fields: ns,
                operations: [.write("a", .integer(1)), .write("bb", .string("x"))])
        }
        let request = BatchRequest(entries: [
            (0, TestRequests.key(1).digest, write(Info2.write | Info2.respondAllOps)),
            (1, TestRequests.key(2).digest, write(Info2.write)),
        ])
        try c.send(request.message().frame())
        let msgs = try c.readStream()
        #expect(msgs.map(\.resultCode) == [.ok, .ok, .ok])
        #expect(msgs[0].operations == [Operation(type: .write, name: "a"), Operation(type: .write, name: "bb")])
        #expect(msgs[1].operations.isEmpty && msgs[1].fields.isEmpty)
        #expect(msgs[1].generation == 1)
        await sim.stop()
    }

    @Test func malformedFramesNeverCrash() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1))
        let ports = try await sim.start()
        var rng = SeedRandom(seed: 77, stream: 0)
        for i in 0..<300 {
            let c = try RawConnection(port: ports[0])
            let body = rng.bytes(rng.int(0...200))
            switch i % 4 {
            case 0: try c.send(rng.bytes(rng.int(8...64)))  // garbage header
            case 1: try c.send(WireFrame(type: .message, body: body))
            case 2: try c.send(WireFrame(type: .admin, body: body))
            default:
                // A plausible AS_MSG header with lying counts.
                try c.send(WireFrame(type: .message, body: [22, 1, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 12) + [0xFF, 0xFF, 0, 9] + body))
            }
            _ = try? c.readFrame()
        }
        let c = try RawConnection(port: ports[0])
        try c.send(WireFrame(type: .message, body: [22, 1]))
        let reply = try #require(try c.readFrame())
        #expect(try AsMessage.decodeSingle(reply.body).resultCode == .parameterError)
        #expect(c.isClosedByPeer())
        #expect(try RawConnection(port: ports[0]).info("status")["status"] == "ok")
        await sim.stop()
    }
}
