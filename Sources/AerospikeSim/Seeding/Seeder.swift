import AerospikeWire

/// Builds the records of the deterministic seed mix (SPEC.md §13 "Seeding").
///
/// Record `i` depends only on (seed, i): about 40 % in set `users`, 30 % `orders`, 20 % `events`,
/// 10 % in no set; integer or string user keys (70 % stored with the record); bins of every common
/// type — integer, string, double, bool, blob (the bulk, ~800 B), list and map as valid Aerospike
/// msgpack; 10 % of records carry a TTL of 1 hour to 30 days; last-update times spread over the
/// previous 30 days; generations 1–5. Mean record size ~1 KB. ``fill(_:count:)`` (in
/// `Seeder+Fill.swift`) generates on all cores; the order of random draws below is part of the mix
/// and must never change (`SeederPinnedTests` pins it).
struct Seeder {
    let seed: UInt64
    let nowMs: UInt64

    /// Map keys are `k<i>` followed by three random letters.
    private static let mapKeyPrefixes = ["k0", "k1", "k2", "k3"]

    static let sets: [String?] = ["users", "users", "users", "users", "orders", "orders", "orders", "events", "events", nil]

    /// The user key of record `index`: 60 % integers, 40 % strings `key-<index>`.
    static func key(_ index: Int) -> UserKey {
        index % 5 < 3 ? .integer(Int64(index)) : .string("key-\(index)")
    }

    /// The digest of record `index`, computed without building the record.
    static func digest(_ index: Int) -> SimDigest {
        SimDigest(ripemd160Words: Digest.computeWords(set: sets[index % sets.count], key: key(index)))
    }

    /// Builds record number `index`.
    func record(_ index: Int) -> SimRecord {
        record(index, digest: Self.digest(index))
    }

    /// Builds record number `index` whose digest the caller already computed with ``digest(_:)``.
    func record(_ index: Int, digest: SimDigest) -> SimRecord {
        var rng = SeedRandom(seed: seed, stream: UInt64(index))
        let name = rng.letters(rng.int(6...20))
        let score = Double(rng.int(0...100_000)) / 100
        let active: UInt8 = rng.chance(0.5) ? 1 : 0
        let payload = rng.bytes(rng.int(200...1400))
        let tags = rng.chance(0.6) ? list(&rng) : nil
        let attrs = rng.chance(0.5) ? map(&rng) : nil
        // Build the bin array at its final size: most records live for the whole process.
        var bins: [SimBin] = []
        bins.reserveCapacity(5 + (tags == nil ? 0 : 1) + (attrs == nil ? 0 : 1))
        bins.append(.integer("id", Int64(index)))
        bins.append(SimBin(name: "name", particleType: SimParticle.string, data: name))
        bins.append(
            SimBin(name: "score", particleType: SimParticle.float,
                   data: SimParticle.bigEndianBytes(Int64(bitPattern: score.bitPattern))))
        bins.append(SimBin(name: "active", particleType: SimParticle.bool, data: [active]))
        bins.append(.blob("payload", payload))
        if let tags { bins.append(SimBin(name: "tags", particleType: SimParticle.list, data: tags)) }
        if let attrs { bins.append(SimBin(name: "attrs", particleType: SimParticle.map, data: attrs)) }
        var stored: SimUserKey? = nil
        if rng.chance(0.7) {
            let key = Self.key(index)
            stored = SimUserKey(particleType: key.particleType.rawValue, data: key.valueBytes)
        }
        let lastUpdate = nowMs - UInt64(rng.int(0...30 * 86_400_000))
        var voidTime: UInt32 = 0
        if rng.chance(0.1) {
            voidTime = SimClock.voidSecond(unixMs: nowMs) + UInt32(rng.int(3600...30 * 86_400))
        }
        let generation = UInt16(rng.int(1...5))
        return SimRecord(
            digest: digest, setName: Self.sets[index % Self.sets.count], userKey: stored, bins: bins,
            generation: generation, voidTime: voidTime, lastUpdateMs: lastUpdate)
    }

    /// A msgpack list of 0–5 short words and integers.
    private func list(_ rng: inout SeedRandom) -> [UInt8] {
        var w = MsgPack.Writer()
        let n = rng.int(0...5)
        w.writeArrayHeader(n)
        for _ in 0..<n {
            if rng.chance(0.5) { w.write(rng.word(rng.int(3...10))) } else { w.write(Int64(rng.int(-1000...100_000))) }
        }
        return w.bytes
    }

    /// A msgpack map of 1–4 entries `k<i><3 letters>` → integer, word or double.
    private func map(_ rng: inout SeedRandom) -> [UInt8] {
        var w = MsgPack.Writer()
        let n = rng.int(1...4)
        w.writeMapHeader(n)
        for i in 0..<n {
            w.write(rng.word(3, prefix: Self.mapKeyPrefixes[i]))
            switch rng.int(0...2) {
            case 0: w.write(Int64(rng.int(0...1_000_000)))
            case 1: w.write(rng.word(rng.int(2...12)))
            default: w.write(Double(rng.int(0...10_000)) / 10)
            }
        }
        return w.bytes
    }
}
