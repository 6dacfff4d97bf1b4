import AerospikeWire
import Testing

@testable import AerospikeSim

@Suite struct StorageTests {
    static func digest(_ first: UInt8, _ second: UInt8 = 0, fill: UInt8 = 0) -> SimDigest {
        SimDigest(bytes: [first, second] + [UInt8](repeating: fill, count: 18))!
    }

    @Test func digestOrderIsBytewiseAndPartitionMatchesCodec() throws {
        var rng = SeedRandom(seed: 3, stream: 0)
        let raw = (0..<200).map { _ in rng.bytes(20) }
        let digests = raw.map { SimDigest(bytes: $0)! }
        #expect(digests.sorted().map(\.bytes) == raw.sorted { $0.lexicographicallyPrecedes($1) })
        for (d, r) in zip(digests, raw) {
            #expect(d.bytes == r)
            #expect(d.partitionID == Digest.partitionID(r))
        }
        #expect(SimDigest(bytes: [UInt8](repeating: 0, count: 19)) == nil)
        #expect(SimDigest(bytes: [UInt8](repeating: 0xAB, count: 20))!.description == String(repeating: "ab", count: 20))
    }

    @Test func partitionKeepsAscendingDigestOrder() {
        let p = PartitionStore(id: 0)
        var rng = SeedRandom(seed: 9, stream: 1)
        for _ in 0..<300 {
            let d = SimDigest(bytes: rng.bytes(20))!
            p.mutate(d, nowVoid: 0) { $0 = SimRecord(digest: d, bins: [.integer("a", 1)], lastUpdateMs: 1) }
        }
        let snap = p.snapshot(nowVoid: 0)
        #expect(snap.count == 300)
        #expect(snap.map(\.digest) == snap.map(\.digest).sorted())
    }

    @Test func mutateInsertsReplacesAndDeletes() {
        let p = PartitionStore(id: 1)
        let d = Self.digest(1, 0)
        p.mutate(d, nowVoid: 0) { $0 = SimRecord(digest: d, bins: [.integer("a", 1)], lastUpdateMs: 1) }
        p.mutate(d, nowVoid: 0) { $0?.bins = [.string("s", "x")] }
        #expect(p.get(d, nowVoid: 0)?.bins == [.string("s", "x")])
        let existed = p.mutate(d, nowVoid: 0) { slot -> Bool in
            defer { slot = nil }
            return slot != nil
        }
        #expect(existed)
        #expect(p.get(d, nowVoid: 0) == nil)
        #expect(p.count(nowVoid: 0) == 0)
    }

    @Test func expiredRecordsAreInvisibleEverywhere() {
        let p = PartitionStore(id: 2)
        let live = Self.digest(2, 0, fill: 1)
        let dying = Self.digest(2, 0, fill: 2)
        p.bulkInsert([
            SimRecord(digest: live, bins: [.integer("a", 1)], voidTime: 0, lastUpdateMs: 1),
            SimRecord(digest: dying, bins: [.integer("a", 2)], voidTime: 1000, lastUpdateMs: 1),
        ])
        #expect(p.count(nowVoid: 1000) == 2)
        #expect(p.get(dying, nowVoid: 1000) != nil, "live through its void second, as on the real server")
        #expect(p.get(dying, nowVoid: 1001) == nil)
        #expect(p.snapshot(nowVoid: 1001).map(\.digest) == [live])
        let seen = p.mutate(dying, nowVoid: 1001) { $0 }
        #expect(seen == nil)
    }

    @Test func bulkInsertSortsAndKeepsTheLastCopy() {
        let p = PartitionStore(id: 3)
        let a = Self.digest(3, 0, fill: 9)
        let b = Self.digest(3, 0, fill: 1)
        p.bulkInsert([
            SimRecord(digest: a, bins: [.integer("v", 1)], lastUpdateMs: 1),
            SimRecord(digest: b, bins: [.integer("v", 2)], lastUpdateMs: 1),
            SimRecord(digest: a, bins: [.integer("v", 3)], lastUpdateMs: 1),
        ])
        let snap = p.snapshot(nowVoid: 0)
        #expect(snap.map(\.digest) == [b, a])
        #expect(snap[1].bin("v")?.integerValue == 3)
    }

    @Test func truncateRemovesOnlyOlderRecordsOfTheSet() {
        let store = NamespaceStore(name: "ns", defaultTTL: 0)
        let d1 = Self.digest(4, 0, fill: 1)
        let d2 = Self.digest(4, 0, fill: 2)
        let d3 = Self.digest(4, 0, fill: 3)
        store.partition(for: d1).bulkInsert([
            SimRecord(digest: d1, setName: "a", bins: [.integer("v", 1)], lastUpdateMs: 100),
            SimRecord(digest: d2, setName: "a", bins: [.integer("v", 1)], lastUpdateMs: 300),
            SimRecord(digest: d3, setName: "b", bins: [.integer("v", 1)], lastUpdateMs: 100),
        ])
        #expect(store.truncate(setName: "a", beforeMs: 200) == 1)
        #expect(store.allRecords(nowVoid: 0).map(\.digest) == [d2, d3])
        #expect(store.setStatistics(nowVoid: 0)["a"]?.objects == 1)
    }
}
