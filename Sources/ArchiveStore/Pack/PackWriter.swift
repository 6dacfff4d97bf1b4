/// Accumulates sealed chunks for one pack and produces the pack file (SPEC.md §7):
/// `sealed chunk 1 ‖ … ‖ sealed chunk n ‖ sealed header ‖ header length (u32 LE)`.
///
/// Memory is bounded by the pack size: the owner closes the pack once ``isFull`` and uploads it.
/// A writer may start from a recycled buffer (``init(targetSize:recycling:)``) and close in place
/// (``close(sealer:)``), so a writer of many packs neither allocates nor copies a pack per pack.
struct PackWriter {
    let targetSize: Int
    private(set) var data: [UInt8] = []
    private(set) var entries: [PackEntry] = []
    /// Bytes of sealed chunks; after ``close(sealer:)`` `data` also holds the header.
    private var chunkBytes = 0

    init(targetSize: Int) {
        self.targetSize = targetSize
    }

    /// A writer that fills `buffer`'s storage (its contents are discarded), e.g. the buffer of a
    /// pack already saved; an empty buffer reserves room for a full pack.
    init(targetSize: Int, recycling buffer: [UInt8]) {
        self.targetSize = targetSize
        data = buffer
        data.removeAll(keepingCapacity: true)
        // A pack closes after the chunk that reaches `targetSize`: room for a large last chunk too.
        data.reserveCapacity(targetSize + targetSize / 8)
    }

    var isEmpty: Bool { entries.isEmpty }
    var isFull: Bool { chunkBytes >= targetSize }
    /// Bytes of sealed chunks so far.
    var size: Int { chunkBytes }

    /// Appends a sealed chunk; returns its entry. Packs never exceed 4 GiB (offsets are u32).
    mutating func append(
        id: ChunkID, type: ChunkType, sealed: some Collection<UInt8>, plaintextLength: Int
    ) throws -> PackEntry {
        precondition(chunkBytes == data.count, "PackWriter.append after close")
        guard data.count + sealed.count < Int(UInt32.max), plaintextLength < Int(UInt32.max) else {
            throw ArchiveStoreError(.invalidArgument, "chunk of \(plaintextLength) bytes does not fit in a pack")
        }
        let entry = PackEntry(
            id: id, type: type, offset: UInt32(data.count), length: UInt32(sealed.count),
            plaintextLength: UInt32(plaintextLength))
        data.append(contentsOf: sealed)
        chunkBytes = data.count
        entries.append(entry)
        return entry
    }

    /// The sealed bytes of a chunk added to this (unfinished) pack.
    func sealedChunk(_ entry: PackEntry) -> [UInt8] {
        Array(data[entry.range])
    }

    /// The complete pack file (a copy; see ``close(sealer:)`` for the in-place variant).
    func finish(sealer: Sealer) throws -> [UInt8] {
        var copy = self
        try copy.close(sealer: sealer)
        return copy.data
    }

    /// Appends the sealed header and its length to ``data``, which then is the complete pack file.
    /// No chunk may be appended afterwards.
    mutating func close(sealer: Sealer) throws {
        precondition(chunkBytes == data.count, "PackWriter closed twice")
        let header = try SealedFile.seal(
            PackHeader.encode(entries), version: PackHeader.version, label: PackHeader.label, sealer: sealer)
        data.append(contentsOf: header)
        data.appendLittleEndian(UInt32(header.count))
    }

    /// Hands out the pack's buffer for ``init(targetSize:recycling:)``; the writer is empty afterwards.
    mutating func takeBuffer() -> [UInt8] {
        defer {
            data = []
            entries = []
            chunkBytes = 0
        }
        return data
    }
}

extension PackEntry {
    var range: Range<Int> { Int(offset)..<Int(offset) + Int(length) }
}
