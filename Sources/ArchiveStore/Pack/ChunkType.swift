/// What a chunk holds (SPEC.md §7 "type" byte): encoded records, or repository structure (layer
/// lists, partition tables, metadata blobs).
public enum ChunkType: UInt8, Sendable, Codable, CaseIterable {
    /// Encoded records; sealed with ``SealPurpose/data``.
    case data = 0
    /// Structure (tree blobs); sealed with ``SealPurpose/metadata``.
    case tree = 1
}

/// Where one chunk lives: its pack and byte range there, and its plaintext size.
public struct ChunkLocation: Hashable, Sendable, Codable {
    public var pack: PackID
    public var type: ChunkType
    /// Offset of the sealed chunk within the pack.
    public var offset: UInt32
    /// Length of the sealed chunk.
    public var length: UInt32
    /// Length of the chunk plaintext (before compression and sealing).
    public var plaintextLength: UInt32

    public init(pack: PackID, type: ChunkType, offset: UInt32, length: UInt32, plaintextLength: UInt32) {
        self.pack = pack
        self.type = type
        self.offset = offset
        self.length = length
        self.plaintextLength = plaintextLength
    }

    /// The byte range of the sealed chunk in its pack.
    public var range: Range<Int> { Int(offset)..<Int(offset) + Int(length) }
}
