import ArchiveStore

/// Archive records spill in their repository encoding (``RecordCodec``, SPEC.md §5).
extension ArchiveRecord: SpillableRecord {
    var sortDigest: [UInt8] { digest }

    var approximateByteCount: Int {
        var total = 96 + digest.count + (set?.utf8.count ?? 0) + (key?.value.count ?? 0)
        for bin in bins { total += 48 + bin.name.utf8.count + bin.value.count }
        return total
    }

    func spillEncode(into out: inout [UInt8]) {
        RecordCodec.encode(self, into: &out)
    }

    static func spillDecode(_ bytes: [UInt8], at offset: inout Int) throws -> ArchiveRecord {
        try RecordCodec.decode(bytes, at: &offset)
    }
}
