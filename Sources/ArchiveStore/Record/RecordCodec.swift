/// Encodes records to the self-delimiting byte form chunks are made of, and back (SPEC.md §5).
///
/// A chunk's plaintext is just encoded records back to back; each starts with its body length
/// as a varint, so a reader can walk a chunk without knowing anything else.
public enum RecordCodec {
    /// Record encoding version, the first byte of every record body.
    public static let version: UInt8 = 1

    /// Flag bits (body byte 1). Unused bits must be zero.
    enum Flag {
        static let tombstone: UInt8 = 0x01
        static let hasSet: UInt8 = 0x02
        static let hasKey: UInt8 = 0x04
        static let all: UInt8 = 0x07
    }

    /// Appends the encoding of `record` to `out`.
    ///
    /// A tombstone is encoded as its digest only; its other fields are not stored.
    /// - Precondition: `record.digest` is 20 bytes (callers take it from the wire, which fixes it).
    public static func encode(_ record: ArchiveRecord, into out: inout [UInt8]) {
        precondition(
            record.digest.count == ArchiveRecord.digestByteCount,
            "record digest must be \(ArchiveRecord.digestByteCount) bytes, got \(record.digest.count)")
        if record.isTombstone {
            out.appendVarint(UInt64(2 + ArchiveRecord.digestByteCount))
            out.append(version)
            out.append(Flag.tombstone)
            out.append(contentsOf: record.digest)
            return
        }
        // One encoder for both entry points: the fields are handed to appendRecord as raw bytes
        // (small strings are read in place, so this allocates nothing beyond `out`'s growth).
        record.digest.withUnsafeBytes { digest in
            withOptionalUTF8(record.set) { set in
                withBytes(record.key?.value) { keyValue in
                    let key = record.key.flatMap { k in keyValue.map { (particleType: k.particleType, value: $0) } }
                    appendRecord(
                        into: &out, digest: digest, set: set, key: key, generation: record.generation,
                        voidTime: record.voidTime, lastUpdateTime: record.lastUpdateTime, binCount: record.bins.count
                    ) { writer in
                        for bin in record.bins {
                            withUTF8(bin.name) { name in
                                bin.value.withUnsafeBytes { value in
                                    writer.append(name: name, particleType: bin.particleType, value: value)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static func withOptionalUTF8<R>(_ text: String?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        guard let text else { return body(nil) }
        return withUTF8(text) { body($0) }
    }

    private static func withUTF8<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var text = text
        return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    private static func withBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        guard let bytes else { return body(nil) }
        return bytes.withUnsafeBytes { body($0) }
    }

    /// Convenience: the encoding of one record.
    public static func encode(_ record: ArchiveRecord) -> [UInt8] {
        var out = [UInt8]()
        encode(record, into: &out)
        return out
    }

    /// Decodes the record starting at `offset` and advances `offset` past it.
    ///
    /// - Throws: ``ArchiveStoreError`` `.corrupted` for truncated or malformed input (bad lengths,
    ///   unknown flags, invalid UTF-8, trailing bytes in the body) and `.unsupportedFormatVersion`
    ///   for an unknown record version. `offset` is unchanged when it throws.
    public static func decode(_ bytes: [UInt8], at offset: inout Int) throws -> ArchiveRecord {
        guard offset >= 0, offset < bytes.count else {
            throw ArchiveStoreError(.corrupted, "record is damaged: no record at offset \(offset) of \(bytes.count)")
        }
        var outer = ByteReader(bytes, offset: offset, context: "record")
        let length = try outer.readLength("record length")
        var reader = ByteReader(bytes, offset: outer.offset, end: outer.offset + length, context: "record")
        let record = try decodeBody(&reader)
        guard reader.isAtEnd else { throw reader.corrupted("\(reader.remaining) unexpected bytes at the end of the record") }
        offset = reader.end
        return record
    }

    /// Decodes a whole chunk plaintext: records back to back until the end.
    ///
    /// - Throws: as ``decode(_:at:)``.
    public static func decodeAll(_ bytes: [UInt8]) throws -> [ArchiveRecord] {
        var records = [ArchiveRecord]()
        var offset = 0
        while offset < bytes.count {
            records.append(try decode(bytes, at: &offset))
        }
        return records
    }

    /// Reads a body's version and flags bytes; throws for an unknown version or unknown flag bits.
    static func readVersionAndFlags(_ reader: inout ByteReader) throws -> UInt8 {
        let version = try reader.readUInt8("version")
        guard version == Self.version else {
            throw ArchiveStoreError(
                .unsupportedFormatVersion,
                "record encoding version \(version) is not supported (this build reads version \(Self.version))")
        }
        let flags = try reader.readUInt8("flags")
        guard flags & ~Flag.all == 0 else { throw reader.corrupted("unknown flag bits \(flags)") }
        return flags
    }

    private static func decodeBody(_ reader: inout ByteReader) throws -> ArchiveRecord {
        let flags = try readVersionAndFlags(&reader)
        let digest = try reader.readBytes(ArchiveRecord.digestByteCount, "digest")
        if flags & Flag.tombstone != 0 {
            guard flags == Flag.tombstone else { throw reader.corrupted("tombstone with set or key flags") }
            return .tombstone(digest: digest)
        }
        var record = ArchiveRecord(digest: digest)
        if flags & Flag.hasSet != 0 { record.set = try readString(&reader, "set name", "set name length") }
        if flags & Flag.hasKey != 0 {
            let type = try reader.readUInt8("key particle type")
            record.key = ArchiveKey(particleType: type, value: try readBytes(&reader, "key value", "key length"))
        }
        record.generation = try reader.readUInt32LE("generation")
        record.voidTime = try reader.readUInt32LE("void time")
        record.lastUpdateTime = try reader.readUInt64LE("last update time")
        // Each bin takes at least 3 bytes, which bounds the count before anything is allocated.
        let binCount = try reader.readVarint("bin count")
        guard binCount <= UInt64(reader.remaining / 3) else {
            throw reader.corrupted("bin count \(binCount) cannot fit in the \(reader.remaining) bytes left")
        }
        record.bins.reserveCapacity(Int(binCount))
        for _ in 0..<binCount {
            let name = try readString(&reader, "bin name", "bin name length")
            let type = try reader.readUInt8("bin particle type")
            record.bins.append(ArchiveBin(name: name, particleType: type, value: try readBytes(&reader, "bin value", "bin value length")))
        }
        return record
    }

    // Labels are passed as two literals: building them by interpolation on every call would
    // dominate decoding time.
    private static func readBytes(_ reader: inout ByteReader, _ what: String, _ lengthLabel: String) throws -> [UInt8] {
        let length = try reader.readLength(lengthLabel)
        return try reader.readBytes(length, what)
    }

    private static func readString(_ reader: inout ByteReader, _ what: String, _ lengthLabel: String) throws -> String {
        let length = try reader.readLength(lengthLabel)
        return try reader.readUTF8(length, what)
    }
}
