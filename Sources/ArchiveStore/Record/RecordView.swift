/// One encoded record read in place from a chunk's plaintext (SPEC.md §5): every field is checked
/// as ``RecordCodec/decode(_:at:)`` checks it, but only offsets are kept, nothing is copied.
///
/// Restore writes a record's set, key and bins to the wire as the bytes they are stored as, so it
/// reads them through a view instead of building an ``ArchiveRecord`` (a `String` per bin name, an
/// array per value). ``decoded()`` gives the ``ArchiveRecord`` when one is wanted. A view keeps the
/// chunk's byte array alive (one reference, no copy).
public struct RecordView: Sendable {
    /// The bytes the record lies in (typically a whole chunk plaintext).
    public let bytes: [UInt8]
    /// The record's bytes in ``bytes``, length prefix included.
    public let range: Range<Int>
    public let digest: RecordDigest
    /// Deleted since the layer below: only ``digest`` is meaningful.
    public let isTombstone: Bool
    public let generation: UInt32
    /// Expiry in seconds since the Aerospike epoch; 0 = never expires.
    public let voidTime: UInt32
    /// Last update in nanoseconds since the Unix epoch; 0 = unknown.
    public let lastUpdateTime: UInt64
    /// The number of bins.
    public let binCount: Int
    /// Bytes of all bin names and values together (without their lengths and types).
    public let binPayloadByteCount: Int
    private let setRange: Range<Int>?
    private let keyType: UInt8
    private let keyRange: Range<Int>?
    /// Offset of the first bin.
    private let binsStart: Int

    /// Parses the record starting at `offset` and advances `offset` past it.
    ///
    /// - Throws: exactly what ``RecordCodec/decode(_:at:)`` throws for the same bytes (`.corrupted`
    ///   for truncated or malformed input and invalid UTF-8, `.unsupportedFormatVersion` for an
    ///   unknown record version). `offset` is unchanged when it throws.
    public init(_ bytes: [UInt8], at offset: inout Int) throws {
        guard offset >= 0, offset < bytes.count else {
            throw ArchiveStoreError(.corrupted, "record is damaged: no record at offset \(offset) of \(bytes.count)")
        }
        var outer = ByteReader(bytes, offset: offset, context: "record")
        let length = try outer.readLength("record length")
        var reader = ByteReader(bytes, offset: outer.offset, end: outer.offset + length, context: "record")
        let flags = try RecordCodec.readVersionAndFlags(&reader)
        let digestRange = try reader.skip(ArchiveRecord.digestByteCount, "digest")
        digest = bytes.withUnsafeBytes { RecordDigest(UnsafeRawBufferPointer(rebasing: $0[digestRange])) }
        self.bytes = bytes
        if flags & RecordCodec.Flag.tombstone != 0 {
            guard flags == RecordCodec.Flag.tombstone else { throw reader.corrupted("tombstone with set or key flags") }
            (isTombstone, setRange, keyType, keyRange) = (true, nil, 0, nil)
            (generation, voidTime, lastUpdateTime, binCount) = (0, 0, 0, 0)
        } else {
            isTombstone = false
            setRange = flags & RecordCodec.Flag.hasSet != 0 ? try reader.skipUTF8("set name", "set name length") : nil
            if flags & RecordCodec.Flag.hasKey != 0 {
                keyType = try reader.readUInt8("key particle type")
                keyRange = try reader.skip(try reader.readLength("key length"), "key value")
            } else {
                (keyType, keyRange) = (0, nil)
            }
            generation = try reader.readUInt32LE("generation")
            voidTime = try reader.readUInt32LE("void time")
            lastUpdateTime = try reader.readUInt64LE("last update time")
            // Each bin takes at least 3 bytes, which bounds the count before anything is allocated.
            let count = try reader.readVarint("bin count")
            guard count <= UInt64(reader.remaining / 3) else {
                throw reader.corrupted("bin count \(count) cannot fit in the \(reader.remaining) bytes left")
            }
            binCount = Int(count)
        }
        binsStart = reader.offset
        var payload = 0
        for _ in 0..<binCount {
            payload += try reader.skipUTF8("bin name", "bin name length").count
            _ = try reader.readUInt8("bin particle type")
            payload += try reader.skip(try reader.readLength("bin value length"), "bin value").count
        }
        binPayloadByteCount = payload
        guard reader.isAtEnd else { throw reader.corrupted("\(reader.remaining) unexpected bytes at the end of the record") }
        range = offset..<reader.end
        offset = reader.end
    }

    /// The set name's UTF-8 bytes (nil: no set), valid while `body` runs.
    public func withSet<R>(_ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        guard let setRange else { return try body(nil) }
        return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[setRange])) }
    }

    /// The set name (allocates unless short); nil when the record has none.
    public var set: String? { setRange.map { String(decoding: bytes[$0], as: UTF8.self) } }

    /// The stored user key (copies its bytes); nil when the record has none.
    public var key: ArchiveKey? { keyRange.map { ArchiveKey(particleType: keyType, value: Array(bytes[$0])) } }

    /// Calls `body` with each bin's name (UTF-8), particle type and particle bytes, in stored order;
    /// the buffers are valid while `body` runs.
    public func forEachBin(
        _ body: (_ name: UnsafeRawBufferPointer, _ particleType: UInt8, _ value: UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        try bytes.withUnsafeBytes { raw in
            var offset = binsStart
            for _ in 0..<binCount {
                // The initializer checked every length and the varints' form, so plain reads suffice.
                let nameLength = Self.varint(raw, &offset)
                let name = UnsafeRawBufferPointer(rebasing: raw[offset..<offset + nameLength])
                offset += nameLength
                let type = raw[offset]
                offset += 1
                let valueLength = Self.varint(raw, &offset)
                let value = UnsafeRawBufferPointer(rebasing: raw[offset..<offset + valueLength])
                offset += valueLength
                try body(name, type, value)
            }
        }
    }

    /// Reads a varint the initializer already validated.
    private static func varint(_ raw: UnsafeRawBufferPointer, _ offset: inout Int) -> Int {
        var value = 0
        var shift = 0
        while true {
            let byte = raw[offset]
            offset += 1
            value |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// The record as an ``ArchiveRecord`` (allocates its strings and arrays).
    public func decoded() -> ArchiveRecord {
        if isTombstone { return .tombstone(digest: digest.bytes) }
        var record = ArchiveRecord(
            digest: digest.bytes, set: set, key: key, generation: generation, voidTime: voidTime,
            lastUpdateTime: lastUpdateTime)
        record.bins.reserveCapacity(binCount)
        forEachBin { name, type, value in
            record.bins.append(
                ArchiveBin(name: String(decoding: name, as: UTF8.self), particleType: type, value: Array(value)))
        }
        return record
    }
}
