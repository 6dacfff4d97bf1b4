import AerospikeSim
import Testing
@testable import AerospikeWire

@Suite(.serialized) struct ScanAndBatchIntegrationTests {
    @Test func scan100kFromThreeNodesWithOneKilledMidScanDeliversEachRecordOnce() async throws {
        try await withSimCluster(SimConfig(nodeCount: 3)) { sim, cluster in
            try sim.seed(namespace: "test", records: 100_000, seed: 42)
            var seen = Set<[UInt8]>()
            var duplicates = 0
            var done = Set<Int>()
            var killed = false
            var afterDone = 0  // records of a partition already reported done (counted, asserted once)
            for try await event in cluster.scan(ScanRequest(namespace: "test")) {
                switch event {
                case .record(let r):
                    if !seen.insert(r.digest).inserted { duplicates += 1 }
                    if done.contains(r.partitionID) { afterDone += 1 }
                    if !killed, seen.count == 30_000 {
                        killed = true
                        try await sim.kill(node: 1)
                    }
                case .partitionDone(let p):
                    #expect(done.insert(p).inserted)
                }
            }
            #expect(killed)
            #expect(duplicates == 0)
            #expect(afterDone == 0)
            #expect(seen.count == 100_000)
            #expect(done.count == 4096)
        }
    }

    /// A multi-partition scan is one job per node; records of several partitions arrive interleaved
    /// (as the real server's job threads send them, SPEC.md §12.11), each partition still descending.
    @Test func multiPartitionScanIsOneJobPerNodeWithInterleavedPartitions() async throws {
        try await withSimCluster(SimConfig(nodeCount: 3)) { sim, cluster in
            try sim.seed(namespace: "test", records: 20_000, seed: 7)
            var order: [(partition: Int, digest: [UInt8])] = []
            var done = Set<Int>()
            for try await event in cluster.scan(ScanRequest(namespace: "test", partitions: .range(0..<256))) {
                switch event {
                case .record(let r): order.append((r.partitionID, r.digest))
                case .partitionDone(let p): done.insert(p)
                }
            }
            let expected = try sim.records(namespace: "test").filter { $0.digest.partitionID < 256 }
            #expect(order.count == expected.count)
            #expect(Set(order.map(\.digest)) == Set(expected.map(\.digest.bytes)))
            #expect(done == Set(0..<256))
            let jobs = sim.scanJobs
            #expect(jobs.count == Set(jobs.map(\.node)).count)
            #expect(jobs.flatMap(\.partitions).sorted() == Array(0..<256))
            // Interleaved: some partition's records continue after another partition's started.
            let partitionsInOrder = order.map(\.partition)
            #expect(zip(partitionsInOrder, partitionsInOrder.dropFirst()).contains { $0 > $1 })
            for p in 0..<256 {
                let digests = order.filter { $0.partition == p }.map(\.digest)
                #expect(digests == digests.sorted { $1.lexicographicallyPrecedes($0) })
            }
        }
    }

    @Test func scanHonoursPartitionsBinsAndFilter() async throws {
        try await withSimCluster(SimConfig(nodeCount: 2)) { sim, cluster in
            for i in 0..<300 {
                let key = Key(namespace: "test", set: i % 2 == 0 ? "even" : "odd", userKey: .integer(Int64(i)))
                try await cluster.put(key, bins: [Bin("n", .integer(Int64(i))), Bin("x", .string("v\(i)"))], policy: WritePolicy(sendKey: true))
            }
            var records: [ScannedRecord] = []
            let request = ScanRequest(
                namespace: "test", set: "even", binNames: ["n"], filter: .ge(.binInt("n"), .int(100)), partitions: .range(0..<2048))
            for try await event in cluster.scan(request) {
                if case .record(let r) = event { records.append(r) }
            }
            var expected: [[UInt8]] = []
            for i in stride(from: 100, to: 300, by: 2) {
                let d = Digest.compute(set: "even", key: .integer(Int64(i)))
                if Digest.partitionID(d) < 2048 { expected.append(d) }
            }
            #expect(Set(records.map(\.digest)) == Set(expected))
            #expect(records.allSatisfy { $0.set == "even" && $0.bins.map(\.name) == ["n"] && $0.userKey != nil })
            var metadataOnly = 0
            for try await event in cluster.scan(ScanRequest(namespace: "test", includeBinData: false, partitions: .list([0, 1, 2]))) {
                if case .record(let r) = event {
                    #expect(r.bins.isEmpty)
                    metadataOnly += 1
                }
            }
            var inFirstThree = 0
            for i in 0..<300 {
                let set = i % 2 == 0 ? "even" : "odd"
                if Digest.partitionID(Digest.compute(set: set, key: .integer(Int64(i)))) < 3 { inFirstThree += 1 }
            }
            #expect(metadataOnly == inFirstThree)
        }
    }

    @Test func batchWrite100kRecords() async throws {
        try await withSimCluster(SimConfig(nodeCount: 3)) { sim, cluster in
            let writes = (0..<100_000).map { i in
                BatchWrite(
                    key: Key(namespace: "test", set: "bw", userKey: .integer(Int64(i))),
                    action: .put([Bin("v", .integer(Int64(i)))]), policy: WritePolicy(recordExists: .replace, ttl: .never))
            }
            let results = try await cluster.batchWrite(writes)
            #expect(results.count == 100_000)
            #expect(results.allSatisfy { $0.resultCode == .ok })
            #expect(try sim.recordCount(namespace: "test") == 100_000)
            let k = Key(namespace: "test", set: "bw", userKey: .integer(99_999))
            #expect(try await cluster.get(k)?[bin: "v"] == .integer(99_999))
            let again = try await cluster.batchWrite(Array(writes.prefix(10)).map {
                var w = $0
                w.policy.recordExists = .createOnly
                return w
            })
            #expect(again.allSatisfy { $0.resultCode == .keyExists })
            let deletes = try await cluster.batchWrite(Array(writes.prefix(10)).map { BatchWrite(key: $0.key, action: .delete) })
            #expect(deletes.allSatisfy { $0.resultCode == .ok })
            #expect(try sim.recordCount(namespace: "test") == 99_990)
        }
    }
}
