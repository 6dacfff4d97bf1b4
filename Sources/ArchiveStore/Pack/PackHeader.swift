/// One chunk's entry in a pack header (and in index files): SPEC.md §7 "Pack header".
public struct PackEntry: Hashable, Sendable {
    public var id: ChunkID
    public var type: ChunkType
    public var offset: UInt32
    public var length: UInt32
    public var plaintextLength: UInt32

    public init(id: ChunkID, type: ChunkType, offset: UInt32, length: UInt32, plaintextLength: UInt32) {
        self.id = id
        self.type = type
        self.offset = offset
        self.length = length
        self.plaintextLength = plaintextLength
    }

    /// Encoded size: id (32) ‖ type (1) ‖ offset, length, plaintext length (u32 LE each).
    static let encodedSize = 45

    func write(to out: inout [UInt8]) {
        out.appendID(id)
        out.append(type.rawValue)
        out.appendLittleEndian(offset)
        out.appendLittleEndian(length)
        out.appendLittleEndian(plaintextLength)
    }

    static func read(from reader: inout ByteReader) throws -> PackEntry {
        let id = try reader.readID("chunk id")
        let rawType = try reader.readUInt8("chunk type")
        guard let type = ChunkType(rawValue: rawType) else { throw reader.corrupted("unknown chunk type \(rawType)") }
        return PackEntry(
            id: id, type: type, offset: try reader.readUInt32LE("offset"), length: try reader.readUInt32LE("length"),
            plaintextLength: try reader.readUInt32LE("plaintext length"))
    }

    func location(in pack: PackID) -> ChunkLocation {
        ChunkLocation(pack: pack, type: type, offset: offset, length: length, plaintextLength: plaintextLength)
    }
}

/// Pack header body (inside the sealed envelope, version 1): entry count (u32 LE) ‖ entries.
enum PackHeader {
    static let version: UInt8 = 1
    static let label = "pack-header"

    static func encode(_ entries: [PackEntry]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4 + entries.count * PackEntry.encodedSize)
        out.appendLittleEndian(UInt32(entries.count))
        for entry in entries { entry.write(to: &out) }
        return out
    }

    /// Decodes and checks that entries are contiguous from offset 0 and end at `dataLength`.
    static func decode(_ body: [UInt8], dataLength: Int, what: String) throws -> [PackEntry] {
        var reader = ByteReader(body, context: what)
        let count = try reader.readUInt32LE("entry count")
        try reader.requireRoom(count: UInt64(count), size: PackEntry.encodedSize, "entries")
        var entries: [PackEntry] = []
        entries.reserveCapacity(Int(count))
        var expectedOffset = 0
        for _ in 0..<count {
            let entry = try PackEntry.read(from: &reader)
            guard Int(entry.offset) == expectedOffset, entry.length > 0 else {
                throw ArchiveStoreError(.corrupted, "\(what): chunk \(entry.id.short) at offset \(entry.offset), "
                    + "expected \(expectedOffset)")
            }
            expectedOffset += Int(entry.length)
            entries.append(entry)
        }
        try reader.requireEnd()
        guard expectedOffset == dataLength else {
            throw ArchiveStoreError(.corrupted, "\(what): header covers \(expectedOffset) bytes, pack holds \(dataLength)")
        }
        return entries
    }
}
