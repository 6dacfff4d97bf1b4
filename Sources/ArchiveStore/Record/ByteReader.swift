/// Bounds-checked little-endian reader over a byte array, for decoding untrusted formats.
///
/// Every read checks the remaining length first and throws ``ArchiveStoreError`` `.corrupted`
/// (naming `context` and the offset) instead of trapping, so damaged input never crashes.
struct ByteReader {
    let bytes: [UInt8]
    /// Offset of the next byte to read.
    private(set) var offset: Int
    /// One past the last readable byte.
    let end: Int
    /// Names the format in error messages, e.g. "key file".
    let context: String

    init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil, context: String) {
        self.bytes = bytes
        self.end = min(end ?? bytes.count, bytes.count)
        self.offset = min(max(offset, 0), self.end)
        self.context = context
    }

    /// Bytes left before ``end``.
    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset == end }

    /// A `.corrupted` error mentioning the context and current offset.
    func corrupted(_ what: String) -> ArchiveStoreError {
        ArchiveStoreError(.corrupted, "\(context) is damaged: \(what) (at byte \(offset))")
    }

    private mutating func take(_ count: Int, _ what: String) throws -> Range<Int> {
        guard count >= 0, count <= remaining else {
            throw corrupted("\(what) needs \(count) bytes but only \(remaining) remain")
        }
        defer { offset += count }
        return offset..<(offset + count)
    }

    mutating func readUInt8(_ what: String = "byte") throws -> UInt8 {
        bytes[try take(1, what).lowerBound]
    }

    mutating func readUInt16LE(_ what: String = "u16") throws -> UInt16 {
        UInt16(truncatingIfNeeded: try readLE(2, what))
    }

    mutating func readUInt32LE(_ what: String = "u32") throws -> UInt32 {
        UInt32(truncatingIfNeeded: try readLE(4, what))
    }

    mutating func readUInt64LE(_ what: String = "u64") throws -> UInt64 {
        try readLE(8, what)
    }

    private mutating func readLE(_ width: Int, _ what: String) throws -> UInt64 {
        let range = try take(width, what)
        var value: UInt64 = 0
        for i in range.reversed() { value = value << 8 | UInt64(bytes[i]) }
        return value
    }

    mutating func readBytes(_ count: Int, _ what: String = "bytes") throws -> [UInt8] {
        Array(bytes[try take(count, what)])
    }

    /// Moves past `count` bytes and returns their range (nothing is copied).
    mutating func skip(_ count: Int, _ what: String) throws -> Range<Int> {
        try take(count, what)
    }

    /// Reads `count` bytes that must be valid UTF-8.
    mutating func readUTF8(_ count: Int, _ what: String) throws -> String {
        String(decoding: bytes[try skipUTF8(count, what)], as: UTF8.self)
    }

    /// Moves past a varint length and that many bytes, which must be valid UTF-8; returns their range.
    /// The two labels are passed as literals: building them by interpolation per call would dominate
    /// decoding time.
    mutating func skipUTF8(_ what: String, _ lengthLabel: String) throws -> Range<Int> {
        try skipUTF8(try readLength(lengthLabel), what)
    }

    /// Moves past `count` bytes that must be valid UTF-8; returns their range (nothing is copied).
    mutating func skipUTF8(_ count: Int, _ what: String) throws -> Range<Int> {
        let range = try take(count, what)
        let raw = bytes[range]
        // ASCII (nearly every set and bin name) is valid as it is; otherwise String(decoding:)
        // repairs invalid sequences, and a repaired string no longer matches its input.
        guard raw.allSatisfy({ $0 < 0x80 }) || String(decoding: raw, as: UTF8.self).utf8.elementsEqual(raw) else {
            throw corrupted("\(what) is not valid UTF-8")
        }
        return range
    }

    /// Reads an unsigned LEB128 varint: 7 bits per byte, low group first, high bit = more follows.
    /// Rejects encodings longer than 10 bytes, values over 64 bits, and non-minimal encodings.
    mutating func readVarint(_ what: String = "varint") throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for index in 0..<10 {
            let byte = try readUInt8(what)
            let group = UInt64(byte & 0x7F)
            if index == 9 && byte > 1 { throw corrupted("\(what) overflows 64 bits") }
            value |= group << shift
            if byte & 0x80 == 0 {
                if index > 0 && byte == 0 { throw corrupted("\(what) is not minimally encoded") }
                return value
            }
            shift += 7
        }
        throw corrupted("\(what) is longer than 10 bytes")
    }

    /// Reads a varint length that must not exceed `limit`, by default the bytes remaining after
    /// the varint itself (so the thing it measures must fit in the input).
    mutating func readLength(_ what: String, limit: Int? = nil) throws -> Int {
        let value = try readVarint(what)
        let bound = limit ?? remaining
        guard value <= UInt64(max(bound, 0)) else {
            throw corrupted("\(what) \(value) exceeds the \(bound) bytes available")
        }
        return Int(value)
    }
}

extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var v = value.littleEndian
        Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
    }

    /// Appends `value` as an unsigned LEB128 varint (see ``ByteReader/readVarint(_:)``).
    mutating func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        append(UInt8(v))
    }
}
