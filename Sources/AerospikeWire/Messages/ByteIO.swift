/// Big-endian append helpers used by every encoder in this module.
extension Array where Element == UInt8 {
    mutating func appendBE(_ v: UInt16) {
        append(UInt8(truncatingIfNeeded: v >> 8))
        append(UInt8(truncatingIfNeeded: v))
    }

    mutating func appendBE(_ v: UInt32) {
        append(UInt8(truncatingIfNeeded: v >> 24))
        append(UInt8(truncatingIfNeeded: v >> 16))
        append(UInt8(truncatingIfNeeded: v >> 8))
        append(UInt8(truncatingIfNeeded: v))
    }

    mutating func appendBE(_ v: UInt64) {
        appendBE(UInt32(truncatingIfNeeded: v >> 32))
        appendBE(UInt32(truncatingIfNeeded: v))
    }

    mutating func appendLE(_ v: UInt16) {
        append(UInt8(truncatingIfNeeded: v))
        append(UInt8(truncatingIfNeeded: v >> 8))
    }
}

/// A bounds-checked reader over a byte array: every read throws ``WireError/Code/malformed`` when the
/// input is too short, never traps.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int
    let end: Int

    init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = Swift.min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { Swift.max(0, end - offset) }
    var isAtEnd: Bool { offset >= end }

    mutating func require(_ n: Int, _ what: String) throws {
        guard n >= 0, offset >= 0, n <= remaining else { throw Self.truncated(what, need: n, have: remaining) }
    }

    /// The error of every truncated read in this module: `what` needed `need` bytes, `have` were left.
    static func truncated(_ what: String, need: Int, have: Int) -> WireError {
        WireError.malformed("truncated \(what): need \(need) bytes, have \(have)")
    }

    mutating func skip(_ n: Int, _ what: String) throws {
        try require(n, what)
        offset += n
    }

    mutating func u8(_ what: String = "byte") throws -> UInt8 {
        try require(1, what)
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16(_ what: String = "u16") throws -> UInt16 {
        try require(2, what)
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func u16LE(_ what: String = "u16") throws -> UInt16 {
        try require(2, what)
        defer { offset += 2 }
        return UInt16(bytes[offset + 1]) << 8 | UInt16(bytes[offset])
    }

    mutating func u32(_ what: String = "u32") throws -> UInt32 {
        try require(4, what)
        var v: UInt32 = 0
        for i in 0..<4 { v = v << 8 | UInt32(bytes[offset + i]) }
        offset += 4
        return v
    }

    mutating func u64(_ what: String = "u64") throws -> UInt64 {
        try require(8, what)
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(bytes[offset + i]) }
        offset += 8
        return v
    }

    mutating func take(_ n: Int, _ what: String = "bytes") throws -> [UInt8] {
        try require(n, what)
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }
}

/// Reads a big-endian signed 64-bit integer from exactly 8 bytes.
func int64BE(_ bytes: [UInt8]) -> Int64? {
    guard bytes.count == 8 else { return nil }
    var v: UInt64 = 0
    for b in bytes { v = v << 8 | UInt64(b) }
    return Int64(bitPattern: v)
}

/// Encodes a signed 64-bit integer as 8 big-endian bytes.
func bytesBE(_ v: Int64) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(8)
    out.appendBE(UInt64(bitPattern: v))
    return out
}
