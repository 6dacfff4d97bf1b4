/// A 20-byte record digest (RIPEMD-160 of set name, key type and key bytes) as the simulator stores it.
///
/// Comparison is bytewise (lexicographic over the 20 bytes), the order the real server keeps each
/// partition's index tree in. The partition id follows SPEC.md §12.3: the little-endian u16 of the
/// first two bytes, masked with 0x0FFF.
public struct SimDigest: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Bytes 0..<8 as a big-endian integer, so integer order equals byte order.
    let high: UInt64
    /// Bytes 8..<16 as a big-endian integer.
    let middle: UInt64
    /// Bytes 16..<20 as a big-endian integer.
    let low: UInt32

    /// The number of bytes in a digest.
    public static let byteCount = 20

    /// Creates a digest from exactly 20 bytes; returns nil for any other length.
    public init?<C: Collection>(bytes: C) where C.Element == UInt8 {
        guard bytes.count == Self.byteCount else { return nil }
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
        out.reserveCapacity(Self.byteCount)
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: middle >> UInt64(shift))) }
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: low >> UInt32(shift))) }
        return out
    }

    /// The partition (0..<4096) this digest belongs to.
    public var partitionID: Int {
        let b0 = Int(high >> 56)
        let b1 = Int((high >> 48) & 0xFF)
        return (b0 | b1 << 8) & 0x0FFF
    }

    /// Lowercase hex of the 20 bytes.
    public var description: String {
        let hex = Array("0123456789abcdef".utf8)
        var chars = [UInt8]()
        for b in bytes {
            chars.append(hex[Int(b >> 4)])
            chars.append(hex[Int(b & 0x0F)])
        }
        return String(decoding: chars, as: UTF8.self)
    }

    public static func < (lhs: SimDigest, rhs: SimDigest) -> Bool {
        if lhs.high != rhs.high { return lhs.high < rhs.high }
        if lhs.middle != rhs.middle { return lhs.middle < rhs.middle }
        return lhs.low < rhs.low
    }
}
