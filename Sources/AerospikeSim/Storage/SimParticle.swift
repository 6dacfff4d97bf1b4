/// Particle type numbers and the fixed-width encodings the storage engine itself needs
/// (integer arithmetic for INCR, float add). Everything else is parsed by the AerospikeWire codec.
public enum SimParticle {
    /// NULL (used in a WRITE op to delete a bin).
    public static let null: UInt8 = 0
    /// 64-bit signed integer, 8 bytes big-endian.
    public static let integer: UInt8 = 1
    /// IEEE-754 double, 8 bytes big-endian.
    public static let float: UInt8 = 2
    /// UTF-8 string.
    public static let string: UInt8 = 3
    /// Raw bytes.
    public static let blob: UInt8 = 4
    /// Boolean, 1 byte.
    public static let bool: UInt8 = 17
    /// MessagePack map.
    public static let map: UInt8 = 19
    /// MessagePack list.
    public static let list: UInt8 = 20

    /// The 8 big-endian bytes of a signed integer.
    static func bigEndianBytes(_ value: Int64) -> [UInt8] {
        withUnsafeBytes(of: UInt64(bitPattern: value).bigEndian) { Array($0) }
    }

    /// Reads 8 big-endian bytes as a signed integer (caller checks the count).
    static func int64(bigEndian data: [UInt8]) -> Int64 {
        var v: UInt64 = 0
        for b in data.prefix(8) { v = v << 8 | UInt64(b) }
        return Int64(bitPattern: v)
    }
}
