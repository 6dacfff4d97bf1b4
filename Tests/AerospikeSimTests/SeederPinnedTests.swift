import AerospikeWire
import Testing

@testable import AerospikeSim

/// Pins the exact output of the seed mix (seed 42), taken from main before the load-speed work, so
/// that faster generation can never silently change which records a seed produces. Benchmarks and
/// tests elsewhere depend on record `i` being the same bytes forever.
@Suite struct SeederPinnedTests {
    /// A fixed "now" so last-update and void times are reproducible.
    static let nowMs: UInt64 = 1_780_000_000_000

    /// FNV-1a over every field of a record, in a fixed order.
    static func fingerprint(_ records: [SimRecord], into h: inout UInt64) {
        func mix(_ bytes: [UInt8]) {
            for b in bytes {
                h ^= UInt64(b)
                h = h &* 0x100_0000_01B3
            }
            h ^= UInt64(bytes.count)
            h = h &* 0x100_0000_01B3
        }
        func mix(_ v: UInt64) { mix(withUnsafeBytes(of: v.littleEndian) { Array($0) }) }
        for r in records {
            mix(r.digest.bytes)
            mix(Array((r.setName ?? "<none>").utf8))
            if let k = r.userKey { mix([k.particleType] + k.data) } else { mix([0xFF]) }
            for bin in r.bins { mix(Array(bin.name.utf8) + [bin.particleType] + bin.data) }
            mix(UInt64(r.generation))
            mix(UInt64(r.voidTime))
            mix(r.lastUpdateMs)
        }
    }

    @Test func recordsForSeed42AreUnchanged() throws {
        let seeder = Seeder(seed: 42, nowMs: Self.nowMs)
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        Self.fingerprint((0..<3000).map(seeder.record), into: &h)
        #expect(h == 2_690_951_080_741_806_052)

        let r0 = seeder.record(0)
        #expect(r0.digest.description == "acc05ee84f53c0d073db673291add98954bc678e")
        #expect(r0.setName == "users")
        #expect(r0.bins.map(\.name) == ["id", "name", "score", "active", "payload", "tags", "attrs"])
        #expect(r0.bin("name")?.stringValue == "giubrzsrmepvdjbnss")
        #expect(r0.bin("payload")?.data.count == 630)
        #expect(r0.generation == 5)

        let r3 = seeder.record(3)
        #expect(r3.digest.description == "038830ed60b9c5ff21e548c86d57320e078e8067")
        #expect(r3.userKey == SimUserKey(particleType: 3, data: Array("key-3".utf8)))
        #expect(r3.bin("name")?.stringValue == "hjvsybh")

        let r999_999 = seeder.record(999_999)
        #expect(r999_999.digest.description == "1ad06e06a53bf7bc0ec4df91373de38fb88ca399")
        #expect(r999_999.setName == nil)
        #expect(r999_999.bin("id")?.integerValue == 999_999)
        #expect(r999_999.bin("payload")?.data.prefix(8).map { $0 } == [98, 238, 168, 218, 171, 139, 76, 115])
    }

    @Test func parallelFillStoresExactlyTheSequentialRecords() throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1))
        try sim.seed(namespace: "test", records: 20_000, seed: 42)
        let stored = try sim.records(namespace: "test")
        let seeder = Seeder(seed: 42, nowMs: sim.clock.nowMs)
        let expected = (0..<20_000).map(seeder.record).sorted {
            $0.digest.partitionID != $1.digest.partitionID
                ? $0.digest.partitionID < $1.digest.partitionID : $0.digest < $1.digest
        }
        #expect(stored.count == expected.count)
        // Times depend on the clock at seeding; everything else must match exactly.
        #expect(stored.map(\.digest) == expected.map(\.digest))
        #expect(stored.map(\.bins) == expected.map(\.bins))
        #expect(stored.map(\.userKey) == expected.map(\.userKey))
        #expect(stored.map(\.setName) == expected.map(\.setName))
        #expect(stored.map(\.generation) == expected.map(\.generation))
    }
}
