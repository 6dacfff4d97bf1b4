/// Record digests and partition ids (fact sheet §4 "Digest", §11).
public enum Digest {
    /// Digest length in bytes.
    public static let size = 20
    /// Partitions per namespace.
    public static let partitionCount = 4096

    /// RIPEMD-160 of `set name bytes ‖ key particle type ‖ key value bytes` (the namespace is not hashed).
    public static func compute(set: String?, key: UserKey) -> [UInt8] {
        var input = Array((set ?? "").utf8)
        input.append(key.particleType.rawValue)
        input.append(contentsOf: key.valueBytes)
        return RIPEMD160.hash(input)
    }

    /// Partition id: little-endian u16 of the first two digest bytes, masked with 0x0FFF.
    /// Returns 0 for a digest shorter than 2 bytes (callers validate digest length first).
    public static func partitionID(_ digest: [UInt8]) -> Int {
        guard digest.count >= 2 else { return 0 }
        return (Int(digest[0]) | Int(digest[1]) << 8) & 0x0FFF
    }

    /// Lowercase hex of a digest (for messages and logs).
    public static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var s = ""
        s.reserveCapacity(digest.count * 2)
        for b in digest {
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 0x0F)])
        }
        return s
    }
}
