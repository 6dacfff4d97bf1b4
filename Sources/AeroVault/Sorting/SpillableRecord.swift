import ArchiveStore

/// A record the ``PartitionSorter`` can order by digest and spill to a temporary run file.
///
/// Conformers must make `spillDecode` the exact inverse of `spillEncode`, and must throw (never trap)
/// when the bytes are malformed.
protocol SpillableRecord {
    /// The 20-byte Aerospike digest, inline; records are ordered ascending by its bytes.
    var sortKey: RecordDigest { get }
    /// An estimate of the memory the buffered record occupies, used against the sorter's budget.
    var approximateByteCount: Int { get }
    /// Appends a self-delimiting encoding of the record to `out`.
    func spillEncode(into out: inout [UInt8])
    /// Decodes one record starting at `offset`, advancing it past the record.
    static func spillDecode(_ bytes: [UInt8], at offset: inout Int) throws -> Self
}

/// Bytewise digest order shared by sorting, merging and planning.
enum DigestOrder {
    /// True if `a` sorts strictly before `b` (unsigned bytewise, shorter prefix first).
    @inline(__always)
    static func less(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let n = min(a.count, b.count)
        var i = 0
        while i < n {
            let x = a[i], y = b[i]
            if x != y { return x < y }
            i += 1
        }
        return a.count < b.count
    }

    /// True if `digests` is strictly ascending (no duplicates).
    static func isStrictlyAscending(_ digests: [[UInt8]]) -> Bool {
        var i = 1
        while i < digests.count {
            if !less(digests[i - 1], digests[i]) { return false }
            i += 1
        }
        return true
    }
}
