/// A 32-byte identifier printed as 64 lowercase hex characters.
///
/// Chunk ids are keyed BLAKE2b-256 hashes of plaintext; pack, index, snapshot and key-file ids are
/// BLAKE2b-256 hashes of the stored (sealed) file contents. See SPEC.md §"Identifiers".
public struct ID32: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let byteCount = 32

    /// The raw 32 bytes.
    public let bytes: [UInt8]

    /// Wraps exactly 32 bytes; returns nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == ID32.byteCount else { return nil }
        self.bytes = bytes
    }

    /// Parses 64 hex characters (either case); returns nil otherwise.
    public init?(hex: String) {
        guard let raw = HexCoding.decode(hex), raw.count == ID32.byteCount else { return nil }
        self.bytes = raw
    }

    public var hex: String { HexCoding.encode(bytes) }
    public var description: String { hex }
    /// The first 8 hex characters, as shown in listings.
    public var short: String { String(hex.prefix(8)) }

    public static func < (lhs: ID32, rhs: ID32) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}

/// Names a chunk: keyed BLAKE2b-256 of its plaintext.
public typealias ChunkID = ID32
/// Names a pack file: BLAKE2b-256 of its bytes.
public typealias PackID = ID32
/// Names a snapshot manifest file.
public typealias SnapshotID = ID32

/// Lowercase hex encoding shared by every id and debug printer.
public enum HexCoding {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
