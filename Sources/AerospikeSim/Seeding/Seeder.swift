import AerospikeWire
import Foundation

/// Fills a namespace with a deterministic, realistic mix of records (SPEC.md §13 "Seeding").
///
/// Record `i` depends only on (seed, i): about 40 % in set `users`, 30 % `orders`, 20 % `events`,
/// 10 % in no set; integer or string user keys (70 % stored with the record); bins of every common
/// type — integer, string, double, bool, blob (the bulk, ~800 B), list and map as valid Aerospike
/// msgpack; 10 % of records carry a TTL of 1 hour to 30 days; last-update times spread over the
/// previous 30 days; generations 1–5. Mean record size ~1 KB. Generation runs on all cores.
struct Seeder {
    let seed: UInt64
    let nowMs: UInt64

    static let sets: [String?] = ["users", "users", "users", "users", "orders", "orders", "orders", "events", "events", nil]

    /// Builds record number `index`.
    func record(_ index: Int) -> SimRecord {
        var rng = SeedRandom(seed: seed, stream: UInt64(index))
        let set = Self.sets[index % Self.sets.count]
        let key: UserKey = index % 5 < 3 ? .integer(Int64(index)) : .string("key-\(index)")
        let digest = SimDigest(bytes: Digest.compute(set: set, key: key))!  // compute always returns 20 bytes
        var bins: [SimBin] = [
            .integer("id", Int64(index)),
            SimBin(name: "name", particleType: SimParticle.string, data: rng.letters(rng.int(6...20))),
            SimBin(name: "score", particleType: SimParticle.float,
                   data: SimParticle.bigEndianBytes(Int64(bitPattern: (Double(rng.int(0...100_000)) / 100).bitPattern))),
            SimBin(name: "active", particleType: SimParticle.bool, data: [rng.chance(0.5) ? 1 : 0]),
        ]
        bins.append(.blob("payload", rng.bytes(rng.int(200...1400))))
        if rng.chance(0.6) { bins.append(SimBin(name: "tags", particleType: SimParticle.list, data: list(&rng))) }
        if rng.chance(0.5) { bins.append(SimBin(name: "attrs", particleType: SimParticle.map, data: map(&rng))) }
        let stored = rng.chance(0.7) ? SimUserKey(particleType: key.particleType.rawValue, data: key.valueBytes) : nil
        let lastUpdate = nowMs - UInt64(rng.int(0...30 * 86_400_000))
        var voidTime: UInt32 = 0
        if rng.chance(0.1) {
            voidTime = SimClock.voidSecond(unixMs: nowMs) + UInt32(rng.int(3600...30 * 86_400))
        }
        return SimRecord(
            digest: digest, setName: set, userKey: stored, bins: bins, generation: UInt16(rng.int(1...5)),
            voidTime: voidTime, lastUpdateMs: lastUpdate)
    }

    private func list(_ rng: inout SeedRandom) -> [UInt8] {
        var w = MsgPack.Writer()
        let n = rng.int(0...5)
        w.writeArrayHeader(n)
        for _ in 0..<n {
            if rng.chance(0.5) { w.write(rng.word(rng.int(3...10))) } else { w.write(Int64(rng.int(-1000...100_000))) }
        }
        return w.bytes
    }

    private func map(_ rng: inout SeedRandom) -> [UInt8] {
        var w = MsgPack.Writer()
        let n = rng.int(1...4)
        w.writeMapHeader(n)
        for i in 0..<n {
            w.write("k\(i)" + rng.word(3))
            switch rng.int(0...2) {
            case 0: w.write(Int64(rng.int(0...1_000_000)))
            case 1: w.write(rng.word(rng.int(2...12)))
            default: w.write(Double(rng.int(0...10_000)) / 10)
            }
        }
        return w.bytes
    }

    /// Generates records `0..<count` in parallel chunks and bulk-loads them into `store`.
    func fill(_ store: NamespaceStore, count: Int) {
        let chunk = 8192
        let chunks = (count + chunk - 1) / chunk
        let buckets = ChunkBuckets(chunks: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let range = (c * chunk)..<min(count, (c + 1) * chunk)
            buckets.set(c, range.map(record))
        }
        var byPartition = [[SimRecord]](repeating: [], count: NamespaceStore.partitionCount)
        for c in 0..<chunks { for r in buckets.take(c) { byPartition[r.digest.partitionID].append(r) } }
        let parts = byPartition
        DispatchQueue.concurrentPerform(iterations: NamespaceStore.partitionCount) { p in
            store.partitions[p].bulkInsert(parts[p])
        }
    }
}

/// Per-chunk results of parallel generation. Thread-safe: each slot is written once under `lock`.
private final class ChunkBuckets: @unchecked Sendable {  // safe: guarded by `lock`
    private let lock = NSLock()
    private var slots: [[SimRecord]]

    init(chunks: Int) {
        slots = Array(repeating: [], count: chunks)
    }

    func set(_ i: Int, _ records: [SimRecord]) {
        lock.withLock { slots[i] = records }
    }

    func take(_ i: Int) -> [SimRecord] {
        lock.withLock {
            defer { slots[i] = [] }
            return slots[i]
        }
    }
}
