import ArchiveStore

/// A record already in its repository encoding (``RecordCodec``, SPEC.md §5, length prefix included)
/// with its digest alongside: what the backup scans into, sorts, spills and writes. One heap object
/// per record (the byte array) instead of the arrays and strings of an ``ArchiveRecord``.
struct EncodedRecord: SpillableRecord, Equatable {
    /// The record's digest (the same 20 bytes as inside ``bytes``).
    let digest: RecordDigest
    /// True for a tombstone encoding.
    let isTombstone: Bool
    /// Exactly one encoded record.
    let bytes: [UInt8]

    var sortKey: RecordDigest { digest }

    /// The bytes plus the array and struct overhead.
    var approximateByteCount: Int { bytes.count + 64 }

    /// Spilled as the encoding itself.
    func spillEncode(into out: inout [UInt8]) {
        out.append(contentsOf: bytes)
    }

    static func spillDecode(_ bytes: [UInt8], at offset: inout Int) throws -> EncodedRecord {
        let extent = try RecordCodec.extent(of: bytes, at: &offset)
        return EncodedRecord(digest: extent.digest, isTombstone: extent.isTombstone, bytes: Array(bytes[extent.range]))
    }
}
