import Foundation

/// The in-memory map chunk id → ``ChunkLocation`` (SPEC.md §8), built for size: about 56 bytes per
/// entry (see ``bytesPerEntry``), far below a `Dictionary<ChunkID, ChunkLocation>`.
///
/// Entries live in parallel arrays of fixed-size fields (ids flattened into one byte array); pack ids
/// are interned into a table and referenced by a 32-bit number; lookups go through an open-addressing
/// table of 32-bit slots keyed by the id's first 8 bytes (ids are uniform hashes). Not thread-safe:
/// the owner (``Repository``) serialises access. The first location added for an id wins.
struct ChunkIndex {
    private var ids: [UInt8] = []
    private var packRefs: [UInt32] = []
    private var offsets: [UInt32] = []
    private var lengths: [UInt32] = []
    private var plaintextLengths: [UInt32] = []
    private var types: [UInt8] = []
    private var packs: [PackID] = []
    private var packNumbers: [PackID: UInt32] = [:]
    /// 0 = empty, otherwise entry number + 1. Capacity is a power of two, load ≤ 0.7.
    private var slots: [UInt32] = Array(repeating: 0, count: 16)

    /// Number of chunks indexed.
    var count: Int { types.count }
    /// Number of distinct packs referenced.
    var packCount: Int { packs.count }

    /// Whether `id` is indexed.
    func has(_ id: ChunkID) -> Bool { find(id).entry != nil }

    /// The location of `id`, if indexed.
    func lookup(_ id: ChunkID) -> ChunkLocation? {
        guard let e = find(id).entry else { return nil }
        return ChunkLocation(
            pack: packs[Int(packRefs[e])], type: ChunkType(rawValue: types[e]) ?? .data,
            offset: offsets[e], length: lengths[e], plaintextLength: plaintextLengths[e])
    }

    /// Adds `id` unless present; returns whether it was added.
    @discardableResult
    mutating func add(_ id: ChunkID, _ location: ChunkLocation) -> Bool {
        if Double(count + 1) > Double(slots.count) * 0.7 { grow() }
        let (entry, slot) = find(id)
        guard entry == nil else { return false }
        let packNumber: UInt32
        if let n = packNumbers[location.pack] {
            packNumber = n
        } else {
            packNumber = UInt32(packs.count)
            packs.append(location.pack)
            packNumbers[location.pack] = packNumber
        }
        ids.append(contentsOf: id.bytes)
        packRefs.append(packNumber)
        offsets.append(location.offset)
        lengths.append(location.length)
        plaintextLengths.append(location.plaintextLength)
        types.append(location.type.rawValue)
        slots[slot] = UInt32(count)
        return true
    }

    /// Every indexed pack id.
    var packIDs: [PackID] { packs }

    /// Calls `body` for every entry (in insertion order).
    func forEach(_ body: (ChunkID, ChunkLocation) throws -> Void) rethrows {
        for e in 0..<count {
            let id = ID32(bytes: Array(ids[e * 32..<e * 32 + 32]))!  // exactly 32 bytes by construction
            try body(
                id,
                ChunkLocation(
                    pack: packs[Int(packRefs[e])], type: ChunkType(rawValue: types[e]) ?? .data,
                    offset: offsets[e], length: lengths[e], plaintextLength: plaintextLengths[e]))
        }
    }

    /// Approximate heap bytes held, divided by the number of entries (array capacities, pack table).
    var bytesPerEntry: Double {
        guard count > 0 else { return 0 }
        let arrays = ids.capacity + 4 * (packRefs.capacity + offsets.capacity + lengths.capacity)
            + 4 * plaintextLengths.capacity + types.capacity + 4 * slots.capacity
        let packTable = packs.capacity * 40 + packNumbers.capacity * 48
        return Double(arrays + packTable) / Double(count)
    }

    // MARK: - Open addressing

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0
        for i in 0..<8 { h |= UInt64(bytes[i]) << (8 * i) }
        return Int(truncatingIfNeeded: h)
    }

    /// (entry holding `id`, or nil and the empty slot where it would go).
    private func find(_ id: ChunkID) -> (entry: Int?, slot: Int) {
        let mask = slots.count - 1
        return id.bytes.withUnsafeBufferPointer { key in
            var slot = Self.hash(key) & mask
            while true {
                let s = slots[slot]
                if s == 0 { return (nil, slot) }
                let e = Int(s - 1)
                if ids.withUnsafeBufferPointer({ memcmp($0.baseAddress! + e * 32, key.baseAddress!, 32) == 0 }) {
                    return (e, slot)
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private mutating func grow() {
        let newCount = slots.count * 2
        var newSlots = [UInt32](repeating: 0, count: newCount)
        let mask = newCount - 1
        ids.withUnsafeBufferPointer { all in
            for e in 0..<count {
                var slot = Self.hash(UnsafeBufferPointer(rebasing: all[e * 32..<e * 32 + 8])) & mask
                while newSlots[slot] != 0 { slot = (slot + 1) & mask }
                newSlots[slot] = UInt32(e + 1)
            }
        }
        slots = newSlots
    }
}
