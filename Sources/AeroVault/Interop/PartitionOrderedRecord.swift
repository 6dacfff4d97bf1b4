import AerospikeWire
import ArchiveStore

/// An encoded record that a ``PartitionSorter`` orders by partition first and digest second, so one
/// sorter can order a whole import (SPEC.md §14 "import"): records come out partition by partition,
/// each partition's ascending by digest, as its layer needs them.
///
/// The sort key is the digest with its first two bytes rearranged — a one-to-one map, so distinct
/// digests keep distinct keys. The partition id is the low 12 bits of the little-endian first two
/// bytes (SPEC.md §12.3): the low nibble of byte 1 and all of byte 0, most significant first, lead the
/// key; the high nibble of byte 1 follows, then bytes 2… as they are. Within one partition the key
/// order is the digest order.
struct PartitionOrderedRecord: SpillableRecord {
    let record: EncodedRecord
    let sortKey: RecordDigest

    init(record: EncodedRecord) {
        self.record = record
        sortKey = record.digest.withUnsafeBytes { digest in
            var key = Array(digest)
            key[0] = (digest[1] & 0x0F) << 4 | digest[0] >> 4
            key[1] = (digest[0] & 0x0F) << 4 | digest[1] >> 4
            return RecordDigest(key)!
        }
    }

    /// The partition the record belongs to.
    var partition: Int {
        record.digest.withUnsafeBytes { Digest.partitionID(first: $0[0], second: $0[1]) }
    }

    var approximateByteCount: Int { record.approximateByteCount }

    func spillEncode(into out: inout [UInt8]) {
        record.spillEncode(into: &out)
    }

    static func spillDecode(_ bytes: [UInt8], at offset: inout Int) throws -> PartitionOrderedRecord {
        PartitionOrderedRecord(record: try EncodedRecord.spillDecode(bytes, at: &offset))
    }
}
