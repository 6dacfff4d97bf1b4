/// A 20-byte Aerospike record digest held inline (no heap allocation), ordered bytewise (SPEC.md §12.3).
///
/// ArchiveStore's record model is Aerospike's, so it owns its own copy of the one digest fact it
/// needs, ``byteCount``: it may not import AerospikeWire, whose `Digest.size` is the same fact.
/// `AerospikeFactsTests` (AeroVaultTests) proves the two agree. Partition ids are computed by
/// AerospikeWire's `Digest.partitionID` only; nothing here needs them.
///
/// The per-record backup path sorts, compares and remembers millions of digests; a `[UInt8]` per
/// digest is a heap object with reference counting, this is three integers. The bytes are stored
/// big-endian in the integers, so integer order is bytewise order.
public struct RecordDigest: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Digest length in bytes.
    public static let byteCount = 20

    private let high: UInt64
    private let middle: UInt64
    private let low: UInt32

    /// Reads 20 bytes starting at `bytes.baseAddress`.
    /// - Precondition: `bytes.count >= 20` (callers check the length of untrusted input first).
    public init(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= Self.byteCount, "a record digest needs 20 bytes, got \(bytes.count)")
        high = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        middle = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        low = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    /// The digest in `bytes`, or nil unless it holds exactly 20 bytes.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self = bytes.withUnsafeBytes { RecordDigest($0) }
    }

    /// The digest as a fresh byte array (allocates; for interfaces that still take `[UInt8]`).
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(Self.byteCount)
        append(to: &out)
        return out
    }

    /// Appends the 20 digest bytes to `out`.
    public func append(to out: inout [UInt8]) {
        withUnsafeBytes { out.append(contentsOf: $0) }
    }

    /// Calls `body` with the 20 digest bytes (no allocation).
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var words = (high.bigEndian, middle.bigEndian, low.bigEndian)
        return try Swift.withUnsafeBytes(of: &words) { raw in
            // The tuple is 24 bytes (4 bytes of padding after `low`); only the first 20 are the digest.
            try body(UnsafeRawBufferPointer(rebasing: raw[0..<Self.byteCount]))
        }
    }

    public static func < (a: RecordDigest, b: RecordDigest) -> Bool {
        (a.high, a.middle, a.low) < (b.high, b.middle, b.low)
    }

    /// Lowercase hex.
    public var description: String { HexCoding.encode(bytes) }
}
