import Foundation

/// The in-memory map chunk id → ``ChunkLocation`` (SPEC.md §8), built for size: about 55–62 bytes
/// per entry (see ``bytesPerEntry``), far below a `Dictionary<ChunkID, ChunkLocation>`.
///
/// Entries are fixed-size 49-byte records — id (32) ‖ pack number, offset, length, plaintext length
/// (u32 each) ‖ type (1) — kept in pages of 4096 records allocated exactly, so growth never leaves
/// more than one page of slack. Pack ids are interned into a table and referenced by number. Lookups
/// go through an open-addressing table of 32-bit slots keyed by the id's first 8 bytes (ids are
/// uniform hashes), load factor ≤ 0.7. Not thread-safe: ``Repository`` serialises access. The first
/// location added for an id is its primary one; other packs holding a copy (two writers stored it,
/// or a stale index file names a pack a prune replaced) are kept aside in ``alternates`` — rare, so
/// they cost nothing per ordinary entry — and readers fall back to them (SPEC.md §8).
struct ChunkIndex {
    private static let recordSize = 49
    private static let pageEntries = 4096

    private var pages: [[UInt8]] = []
    private var packs: [PackID] = []
    /// Pack number → where its last indexed chunk ends (the bound of a read-ahead window).
    private var packExtents: [UInt32] = []
    private var packNumbers: [PackID: UInt32] = [:]
    /// 0 = empty, otherwise entry number + 1. Capacity is a power of two.
    private var slots: [UInt32] = Array(repeating: 0, count: 16)
    /// Entry number → further locations of that entry's id, in the order they were added.
    private var alternates: [Int: [ChunkLocation]] = [:]

    /// Number of chunks indexed.
    private(set) var count = 0
    /// Number of distinct packs referenced.
    var packCount: Int { packs.count }

    /// Where the last chunk indexed in `pack` ends, if the pack is known.
    func extent(of pack: PackID) -> Int? {
        packNumbers[pack].map { Int(packExtents[Int($0)]) }
    }

    /// Whether `id` is indexed.
    func has(_ id: ChunkID) -> Bool { find(id).entry != nil }

    /// The primary location of `id`, if indexed.
    func lookup(_ id: ChunkID) -> ChunkLocation? {
        find(id).entry.map { location(of: $0) }
    }

    /// Every known location of `id`: the primary one first, then the alternates.
    func locations(of id: ChunkID) -> [ChunkLocation] {
        guard let entry = find(id).entry else { return [] }
        return [location(of: entry)] + (alternates[entry] ?? [])
    }

    /// Adds `id` unless present; returns whether it was added. A known id at a location in another
    /// pack is kept as an alternate location (and `false` is returned).
    @discardableResult
    mutating func add(_ id: ChunkID, _ location: ChunkLocation) -> Bool {
        if (count + 1) * 10 > slots.count * 7 { grow() }
        let (entry, slot) = find(id)
        if let entry {
            let known = [self.location(of: entry)] + (alternates[entry] ?? [])
            if !known.contains(where: { $0.pack == location.pack }) {
                noteExtent(of: location, in: internPack(location.pack))
                alternates[entry, default: []].append(location)
            }
            return false
        }
        let packNumber = internPack(location.pack)
        noteExtent(of: location, in: packNumber)
        if count % Self.pageEntries == 0 {
            var page: [UInt8] = []
            page.reserveCapacity(Self.pageEntries * Self.recordSize)
            pages.append(page)
        }
        let p = pages.count - 1
        pages[p].append(contentsOf: id.bytes)
        for field in [packNumber, location.offset, location.length, location.plaintextLength] {
            pages[p].appendLittleEndian(field)
        }
        pages[p].append(location.type.rawValue)
        count += 1
        slots[slot] = UInt32(count)
        return true
    }

    /// Calls `body` for every entry (in insertion order).
    func forEach(_ body: (ChunkID, ChunkLocation) throws -> Void) rethrows {
        for e in 0..<count {
            let (page, base) = position(e)
            if let id = ID32(bytes: Array(pages[page][base..<base + 32])) { try body(id, location(of: e)) }
        }
    }

    /// Heap bytes held (pages, slots, pack table) divided by the number of entries.
    var bytesPerEntry: Double {
        guard count > 0 else { return 0 }
        let pageBytes = pages.reduce(0) { $0 + $1.capacity }
        let packTable = packs.capacity * 40 + packExtents.capacity * 4 + packNumbers.capacity * 48
        return Double(pageBytes + 4 * slots.capacity + packTable) / Double(count)
    }

    /// The pack's number, interned on first use.
    @discardableResult
    private mutating func internPack(_ pack: PackID) -> UInt32 {
        if let n = packNumbers[pack] { return n }
        let n = UInt32(packs.count)
        packs.append(pack)
        packExtents.append(0)
        packNumbers[pack] = n
        return n
    }

    private mutating func noteExtent(of location: ChunkLocation, in packNumber: UInt32) {
        let end = UInt32(clamping: Int(location.offset) + Int(location.length))
        packExtents[Int(packNumber)] = max(packExtents[Int(packNumber)], end)
    }

    // MARK: - Records

    private func position(_ entry: Int) -> (page: Int, base: Int) {
        (entry / Self.pageEntries, (entry % Self.pageEntries) * Self.recordSize)
    }

    private func location(of entry: Int) -> ChunkLocation {
        let (page, base) = position(entry)
        return pages[page].withUnsafeBytes { raw in
            func field(_ i: Int) -> UInt32 {
                UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 32 + 4 * i, as: UInt32.self))
            }
            return ChunkLocation(
                pack: packs[Int(field(0))], type: ChunkType(rawValue: raw[base + 48]) ?? .data,
                offset: field(1), length: field(2), plaintextLength: field(3))
        }
    }

    // MARK: - Open addressing

    private static func hash(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int {
        Int(truncatingIfNeeded: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
    }

    /// (entry holding `id`, or nil and the empty slot where it would go).
    private func find(_ id: ChunkID) -> (entry: Int?, slot: Int) {
        let mask = slots.count - 1
        return id.bytes.withUnsafeBytes { key in
            var slot = Self.hash(key, at: 0) & mask
            while true {
                let s = slots[slot]
                if s == 0 { return (nil, slot) }
                let e = Int(s - 1)
                let (page, base) = position(e)
                let equal = pages[page].withUnsafeBytes { memcmp($0.baseAddress! + base, key.baseAddress!, 32) == 0 }
                if equal { return (e, slot) }
                slot = (slot + 1) & mask
            }
        }
    }

    private mutating func grow() {
        let newCount = slots.count * 2
        var newSlots = [UInt32](repeating: 0, count: newCount)
        let mask = newCount - 1
        for e in 0..<count {
            let (page, base) = position(e)
            var slot = pages[page].withUnsafeBytes { Self.hash($0, at: base) } & mask
            while newSlots[slot] != 0 { slot = (slot + 1) & mask }
            newSlots[slot] = UInt32(e + 1)
        }
        slots = newSlots
    }
}
