/// A layer (SPEC.md §9 "Layers"): a digest-sorted run of chunks for one partition, with counts.
///
/// Stored as a tree chunk: version (1) ‖ record count (u64 LE) ‖ tombstone count (u64 LE) ‖
/// plaintext byte count (u64 LE) ‖ chunk count (u32 LE) ‖ chunk ids (32 bytes each). Its id is the
/// chunk id of that blob, so identical layers are stored once and stacks reference them by id.
public struct Layer: Sendable, Equatable {
    /// Chunks in ascending digest order (each chunk is itself digest-sorted).
    public var chunks: [ChunkID]
    /// Live records (not tombstones) in the layer.
    public var recordCount: UInt64
    public var tombstoneCount: UInt64
    /// Plaintext bytes of the encoded records.
    public var byteCount: UInt64

    public init(chunks: [ChunkID], recordCount: UInt64, tombstoneCount: UInt64, byteCount: UInt64) {
        self.chunks = chunks
        self.recordCount = recordCount
        self.tombstoneCount = tombstoneCount
        self.byteCount = byteCount
    }

    static let version: UInt8 = 1

    /// The tree-chunk bytes (SPEC.md §9 "Layer"); `copy` re-stores a layer with translated chunk ids.
    public func encode() -> [UInt8] {
        var out: [UInt8] = [Self.version]
        out.reserveCapacity(29 + 32 * chunks.count)
        out.appendLittleEndian(recordCount)
        out.appendLittleEndian(tombstoneCount)
        out.appendLittleEndian(byteCount)
        out.appendLittleEndian(UInt32(chunks.count))
        for id in chunks { out.appendID(id) }
        return out
    }

    static func decode(_ bytes: [UInt8], id: ChunkID) throws -> Layer {
        var reader = ByteReader(bytes, context: "layer \(id.short)")
        let version = try reader.readUInt8("version")
        guard version == Self.version else {
            throw ArchiveStoreError(
                .unsupportedFormatVersion, "layer \(id.short) has version \(version), this build reads \(Self.version)")
        }
        let records = try reader.readUInt64LE("record count")
        let tombstones = try reader.readUInt64LE("tombstone count")
        let bytes = try reader.readUInt64LE("byte count")
        let count = try reader.readUInt32LE("chunk count")
        try reader.requireRoom(count: UInt64(count), size: 32, "chunks")
        var chunks: [ChunkID] = []
        chunks.reserveCapacity(Int(count))
        for _ in 0..<count { chunks.append(try reader.readID("chunk id")) }
        try reader.requireEnd()
        return Layer(chunks: chunks, recordCount: records, tombstoneCount: tombstones, byteCount: bytes)
    }
}

/// A reference to a stored layer with its counts, as kept in partition stacks.
public struct LayerRef: Hashable, Sendable, Codable {
    public var id: ChunkID
    public var recordCount: UInt64
    public var tombstoneCount: UInt64

    public init(id: ChunkID, recordCount: UInt64, tombstoneCount: UInt64) {
        self.id = id
        self.recordCount = recordCount
        self.tombstoneCount = tombstoneCount
    }
}
