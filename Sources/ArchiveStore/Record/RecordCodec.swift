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
        // One parser for both: the view checks every field, decoding only copies them out.
        try RecordView(bytes, at: &offset).decoded()
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
}
