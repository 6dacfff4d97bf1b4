/// Accumulates sealed chunks for one pack and produces the pack file (SPEC.md §7):
/// `sealed chunk 1 ‖ … ‖ sealed chunk n ‖ sealed header ‖ header length (u32 LE)`.
///
/// Memory is bounded by the pack size: the owner closes the pack once ``isFull`` and uploads it.
struct PackWriter {
    let targetSize: Int
    private(set) var data: [UInt8] = []
    private(set) var entries: [PackEntry] = []

    init(targetSize: Int) {
        self.targetSize = targetSize
    }

    var isEmpty: Bool { entries.isEmpty }
    var isFull: Bool { data.count >= targetSize }
    /// Bytes of sealed chunks so far.
    var size: Int { data.count }

    /// Appends a sealed chunk; returns its entry. Packs never exceed 4 GiB (offsets are u32).
    mutating func append(id: ChunkID, type: ChunkType, sealed: [UInt8], plaintextLength: Int) throws -> PackEntry {
        guard data.count + sealed.count < Int(UInt32.max), plaintextLength < Int(UInt32.max) else {
            throw ArchiveStoreError(.invalidArgument, "chunk of \(plaintextLength) bytes does not fit in a pack")
        }
        let entry = PackEntry(
            id: id, type: type, offset: UInt32(data.count), length: UInt32(sealed.count),
            plaintextLength: UInt32(plaintextLength))
        data.append(contentsOf: sealed)
        entries.append(entry)
        return entry
    }

    /// The sealed bytes of a chunk added to this (unfinished) pack.
    func sealedChunk(_ entry: PackEntry) -> [UInt8] {
        Array(data[entry.range])
    }

    /// The complete pack file.
    func finish(sealer: Sealer) throws -> [UInt8] {
        let header = try SealedFile.seal(
            PackHeader.encode(entries), version: PackHeader.version, label: PackHeader.label, sealer: sealer)
        var out = data
        out.reserveCapacity(data.count + header.count + 4)
        out.append(contentsOf: header)
        out.appendLittleEndian(UInt32(header.count))
        return out
    }
}

extension PackEntry {
    var range: Range<Int> { Int(offset)..<Int(offset) + Int(length) }
}
