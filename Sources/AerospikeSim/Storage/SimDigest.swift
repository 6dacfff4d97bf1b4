import AerospikeWire

/// A 20-byte record digest (RIPEMD-160 of set name, key type and key bytes) as the simulator stores it.
///
/// Comparison is bytewise (lexicographic over the 20 bytes), the order the real server keeps each
/// partition's index tree in. Every Aerospike fact about digests (length, partition id; SPEC.md §12.3)
/// comes from ``Digest``; this type only adds an allocation-free representation for the storage. It
/// is not ArchiveStore's `RecordDigest` because the simulator may not import ArchiveStore;
/// `AerospikeFactsTests` (AeroVaultTests) proves the two keep the same bytes and order.
public struct SimDigest: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Bytes 0..<8 as a big-endian integer, so integer order equals byte order.
    let high: UInt64
    /// Bytes 8..<16 as a big-endian integer.
    let middle: UInt64
    /// Bytes 16..<20 as a big-endian integer.
    let low: UInt32

    /// Creates a digest from exactly 20 bytes; returns nil for any other length.
    public init?<C: Collection>(bytes: C) where C.Element == UInt8 {
        guard bytes.count == Digest.size else { return nil }
        var h: UInt64 = 0
        var m: UInt64 = 0
        var l: UInt32 = 0
        for (i, b) in bytes.enumerated() {
            switch i {
            case 0..<8: h = h << 8 | UInt64(b)
            case 8..<16: m = m << 8 | UInt64(b)
            default: l = l << 8 | UInt32(b)
            }
        }
        high = h
        middle = m
        low = l
    }

    /// Creates a digest from the five RIPEMD-160 chaining words of ``Digest/computeWords(set:key:)``
    /// (digest byte `i` is byte `i % 4`, little-endian, of word `i / 4`).
    init(ripemd160Words w: (UInt32, UInt32, UInt32, UInt32, UInt32)) {
        high = UInt64(w.0.byteSwapped) << 32 | UInt64(w.1.byteSwapped)
        middle = UInt64(w.2.byteSwapped) << 32 | UInt64(w.3.byteSwapped)
        low = w.4.byteSwapped
    }

    /// The 20 digest bytes.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(Digest.size)
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: middle >> UInt64(shift))) }
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: low >> UInt32(shift))) }
        return out
    }

    /// The partition (0..<``Digest/partitionCount``) this digest belongs to.
    public var partitionID: Int {
        Digest.partitionID(first: UInt8(truncatingIfNeeded: high >> 56), second: UInt8(truncatingIfNeeded: high >> 48))
    }

    /// Lowercase hex of the 20 bytes.
    public var description: String { Digest.hex(bytes) }

    public static func < (lhs: SimDigest, rhs: SimDigest) -> Bool {
        if lhs.high != rhs.high { return lhs.high < rhs.high }
        if lhs.middle != rhs.middle { return lhs.middle < rhs.middle }
        return lhs.low < rhs.low
    }
}
