import AerospikeWire
import Testing

@testable import AerospikeSim

@Suite struct SeederTests {
    @Test func seedingIsDeterministicAndRealistic() throws {
        let a = try SimCluster(SimConfig(nodeCount: 1))
        let b = try SimCluster(SimConfig(nodeCount: 1))
        try a.seed(namespace: "test", records: 2000, seed: 11)
        try b.seed(namespace: "test", records: 2000, seed: 11)
        let ra = try a.records(namespace: "test")
        let rb = try b.records(namespace: "test")
        #expect(ra.count == 2000)
        #expect(ra.map(\.digest) == rb.map(\.digest))
        #expect(ra.map(\.bins) == rb.map(\.bins))
        let other = try SimCluster(SimConfig(nodeCount: 1))
        try other.seed(namespace: "test", records: 50, seed: 12)
        #expect(try other.records(namespace: "test").map(\.bins) != Array(ra.prefix(50)).map(\.bins))

        let mean = ra.map(\.approximateSize).reduce(0, +) / ra.count
        #expect(mean > 800 && mean < 1300, "mean record size \(mean)")
        #expect(Set(ra.compactMap(\.setName)) == ["users", "orders", "events"])
        #expect(ra.contains { $0.setName == nil })
        let withTTL = ra.filter { $0.voidTime != 0 }.count
        #expect(withTTL > 100 && withTTL < 300)
        #expect(ra.contains { $0.userKey != nil } && ra.contains { $0.userKey == nil })
    }

    @Test func seedingReplacesExistingRecordsAndKeepsOthers() throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1))
        let five = sim.seedRecord(index: 5, seed: 3)
        var stale = five
        stale.bins = [.string("old", "value")]
        try sim.put(namespace: "test", record: stale)
        let outsider = SimRecord(
            digest: try #require(SimDigest(bytes: Digest.compute(set: "other", key: .integer(1)))),
            setName: "other", bins: [.integer("x", 1)], lastUpdateMs: 1)
        try sim.put(namespace: "test", record: outsider)
        try sim.seed(namespace: "test", records: 0, seed: 3)
        #expect(try sim.recordCount(namespace: "test") == 2)

        try sim.seed(namespace: "test", records: 300, seed: 3)
        #expect(try sim.recordCount(namespace: "test") == 301)
        #expect(try sim.record(namespace: "test", digest: five.digest)?.bins == five.bins)
        #expect(try sim.record(namespace: "test", digest: outsider.digest) == outsider)
        // Seeding the same records again replaces them in place.
        try sim.seed(namespace: "test", records: 300, seed: 3)
        #expect(try sim.recordCount(namespace: "test") == 301)
        #expect(throws: SimError.self) { try sim.seed(namespace: "test", records: -1, seed: 3) }
    }

    @Test func listsAndMapsAreValidAerospikeMsgpack() throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1))
        var lists = 0
        var maps = 0
        for i in 0..<300 {
            let rec = sim.seedRecord(index: i, seed: 5)
            let key: UserKey = i % 5 < 3 ? .integer(Int64(i)) : .string("key-\(i)")
            #expect(rec.digest.bytes == Digest.compute(set: rec.setName, key: key))
            for bin in rec.bins where bin.particleType == SimParticle.list || bin.particleType == SimParticle.map {
                var r = MsgPack.Reader(bin.data)
                let element = try r.readElement()
                #expect(r.isAtEnd)
                switch element {
                case .array: lists += 1
                case .map(let entries):
                    maps += 1
                    #expect(entries.allSatisfy { if case .string = $0.key { return true } else { return false } })
                default: Issue.record("unexpected element \(element)")
                }
            }
        }
        #expect(lists > 100 && maps > 100)
    }
}
