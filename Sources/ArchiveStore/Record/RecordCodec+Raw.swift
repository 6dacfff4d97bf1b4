/// The allocation-free side of ``RecordCodec``: encoding a record straight from byte slices (the
/// backup's scan path, which never builds an ``ArchiveRecord``) and finding record boundaries in an
/// encoded stream without decoding. The bytes written are exactly those of
/// ``RecordCodec/encode(_:into:)`` (SPEC.md §5, version 1).
extension RecordCodec {
    /// Writes the bins of a record being encoded by ``appendRecord(into:digest:set:key:generation:voidTime:lastUpdateTime:binCount:bins:)``.
    public struct BinWriter {
        fileprivate var out: [UInt8]
        fileprivate var count = 0

        /// Appends one bin: name bytes (UTF-8), Aerospike particle type, raw particle bytes.
        public mutating func append(name: UnsafeRawBufferPointer, particleType: UInt8, value: UnsafeRawBufferPointer) {
            out.appendVarint(UInt64(name.count))
            out.append(contentsOf: name)
            out.append(particleType)
            out.appendVarint(UInt64(value.count))
            out.append(contentsOf: value)
            count += 1
        }
    }

    /// Appends the encoding of one live (non-tombstone) record to `out`, taking every part as raw
    /// bytes. `bins` must append exactly `binCount` bins; if it throws, `out` is left as it was.
    ///
    /// - Parameters:
    ///   - digest: the 20-byte digest.
    ///   - set: the set name's UTF-8 bytes, nil for no set (callers validate UTF-8).
    ///   - key: the user key's particle type and raw particle bytes, nil for no stored key.
    /// - Precondition: `digest.count == 20` and `bins` appended `binCount` bins.
    public static func appendRecord(
        into out: inout [UInt8], digest: UnsafeRawBufferPointer, set: UnsafeRawBufferPointer?,
        key: (particleType: UInt8, value: UnsafeRawBufferPointer)?, generation: UInt32, voidTime: UInt32,
        lastUpdateTime: UInt64, binCount: Int, bins: (inout BinWriter) throws -> Void
    ) rethrows {
        precondition(digest.count == ArchiveRecord.digestByteCount, "record digest must be 20 bytes, got \(digest.count)")
        let start = out.count
        // Most bodies need a 2-byte length (128 B ..< 16 KiB); the prefix is fixed up below otherwise.
        out.append(0)
        out.append(0)
        let bodyStart = out.count
        out.append(version)
        out.append((set == nil ? 0 : Flag.hasSet) | (key == nil ? 0 : Flag.hasKey))
        out.append(contentsOf: digest)
        if let set {
            out.appendVarint(UInt64(set.count))
            out.append(contentsOf: set)
        }
        if let key {
            out.append(key.particleType)
            out.appendVarint(UInt64(key.value.count))
            out.append(contentsOf: key.value)
        }
        out.appendLittleEndian(generation)
        out.appendLittleEndian(voidTime)
        out.appendLittleEndian(lastUpdateTime)
        out.appendVarint(UInt64(binCount))
        var writer = BinWriter(out: [])
        swap(&writer.out, &out)
        do {
            try bins(&writer)
        } catch {
            swap(&writer.out, &out)
            out.removeSubrange(start...)
            throw error
        }
        swap(&writer.out, &out)
        precondition(writer.count == binCount, "appendRecord: \(writer.count) bins written, \(binCount) declared")
        let bodyLength = out.count - bodyStart
        if bodyLength >= 0x80 && bodyLength < 0x4000 {
            out[start] = UInt8(truncatingIfNeeded: bodyLength) | 0x80
            out[start + 1] = UInt8(truncatingIfNeeded: bodyLength >> 7)
        } else {
            var prefix = [UInt8]()
            prefix.appendVarint(UInt64(bodyLength))
            out.replaceSubrange(start..<bodyStart, with: prefix)
        }
    }

    /// Finds the encoded record at `offset` without decoding its fields and advances `offset` past it.
    ///
    /// - Returns: the record's byte range (length prefix included), its digest and whether it is a
    ///   tombstone.
    /// - Throws: ``ArchiveStoreError`` `.corrupted` when the length prefix or the body is too short
    ///   to hold a version, known flags and a digest, `.unsupportedFormatVersion` for an unknown version.
    public static func extent(
        of bytes: [UInt8], at offset: inout Int
    ) throws -> (range: Range<Int>, digest: RecordDigest, isTombstone: Bool) {
        var outer = ByteReader(bytes, offset: offset, context: "record")
        let length = try outer.readLength("record length")
        var body = ByteReader(bytes, offset: outer.offset, end: outer.offset + length, context: "record")
        let flags = try readVersionAndFlags(&body)
        guard body.remaining >= ArchiveRecord.digestByteCount else { throw body.corrupted("digest is truncated") }
        let digest = bytes.withUnsafeBytes { RecordDigest(UnsafeRawBufferPointer(rebasing: $0[body.offset...])) }
        let range = offset..<body.end
        offset = body.end
        return (range, digest, flags & Flag.tombstone != 0)
    }
}
