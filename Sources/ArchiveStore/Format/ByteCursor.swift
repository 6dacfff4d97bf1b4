/// Little-endian builder for the repository's binary formats (pack headers, index files, tree blobs).
///
/// Every multi-byte integer in SPEC.md §7–9 is little-endian; this is the only place that encodes them.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { append(v) }
    mutating func u32(_ v: UInt32) { append(v) }
    mutating func u64(_ v: UInt64) { append(v) }
    mutating func raw(_ v: [UInt8]) { bytes.append(contentsOf: v) }
    mutating func id(_ v: ID32) { bytes.append(contentsOf: v.bytes) }

    private mutating func append<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Bounds-checked little-endian reader: every read checks the remaining length first and throws
/// `.corrupted` naming `what` instead of trapping.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    let what: String

    init(_ bytes: [UInt8], what: String, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
        self.what = what
    }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset == bytes.count }

    mutating func u8() throws -> UInt8 { try integer() }
    mutating func u16() throws -> UInt16 { try integer() }
    mutating func u32() throws -> UInt32 { try integer() }
    mutating func u64() throws -> UInt64 { try integer() }

    mutating func raw(_ count: Int) throws -> [UInt8] {
        try need(count)
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func id() throws -> ID32 {
        let raw = try raw(ID32.byteCount)
        guard let id = ID32(bytes: raw) else { throw truncated(ID32.byteCount) }
        return id
    }

    /// Throws unless every byte was consumed (trailing garbage is corruption too).
    func expectEnd() throws {
        guard isAtEnd else {
            throw ArchiveStoreError(.corrupted, "\(what): \(remaining) unexpected trailing bytes")
        }
    }

    /// Checks that `count` items of `size` bytes each can still be read, before allocating for them.
    func need(count: UInt64, size: Int) throws {
        guard count <= UInt64(remaining / max(size, 1)) else {
            throw ArchiveStoreError(.corrupted, "\(what): claims \(count) entries but only \(remaining) bytes remain")
        }
    }

    private mutating func integer<T: FixedWidthInteger>() throws -> T {
        let size = MemoryLayout<T>.size
        try need(size)
        var v: T = 0
        for i in 0..<size { v |= T(bytes[offset + i]) << (8 * i) }
        offset += size
        return v
    }

    private func need(_ count: Int) throws {
        guard count >= 0, count <= remaining else { throw truncated(count) }
    }

    private func truncated(_ count: Int) -> ArchiveStoreError {
        ArchiveStoreError(.corrupted, "\(what) is truncated: needed \(count) bytes at offset \(offset), \(remaining) left")
    }
}
