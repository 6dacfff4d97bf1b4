/// Record digests and partition ids (SPEC.md §12.3): the one owner of these Aerospike facts for the
/// wire client, the simulator and the engines. ArchiveStore, which may not import this module, keeps
/// its own `RecordDigest.byteCount` and `PartitionTable.partitionCount`; a test in AeroVaultTests
/// (`AerospikeFactsTests`) proves they agree with these.
public enum Digest {
    /// Digest length in bytes.
    public static let size = 20
    /// Partitions per namespace.
    public static let partitionCount = 4096

    /// RIPEMD-160 of `set name bytes ‖ key particle type ‖ key value bytes` (the namespace is not hashed).
    public static func compute(set: String?, key: UserKey) -> [UInt8] {
        RIPEMD160.bytes(computeWords(set: set, key: key))
    }

    /// ``compute(set:key:)`` without any heap allocation for short keys, as the five RIPEMD-160 words:
    /// digest byte `i` is byte `i % 4` (little-endian) of word `i / 4`. For bulk digest computation
    /// (the simulator's seeding).
    package static func computeWords(set: String?, key: UserKey) -> (UInt32, UInt32, UInt32, UInt32, UInt32) {
        var setName = set ?? ""
        return setName.withUTF8 { setBytes in
            switch key {
            case .integer(let v):
                return withUnsafeBytes(of: v.bigEndian) { hashInput(setBytes, key.particleType.rawValue, $0) }
            case .string(var s):
                return s.withUTF8 { hashInput(setBytes, key.particleType.rawValue, UnsafeRawBufferPointer($0)) }
            case .blob(let b):
                return b.withUnsafeBytes { hashInput(setBytes, key.particleType.rawValue, $0) }
            }
        }
    }

    /// RIPEMD-160 of `set ‖ type ‖ value`, assembled in a temporary buffer (on the stack when small).
    private static func hashInput(
        _ set: UnsafeBufferPointer<UInt8>, _ type: UInt8, _ value: UnsafeRawBufferPointer
    ) -> RIPEMD160.Words {
        let total = set.count + 1 + value.count
        return withUnsafeTemporaryAllocation(byteCount: total, alignment: 8) { buffer in
            UnsafeMutableRawBufferPointer(rebasing: buffer[0..<set.count]).copyMemory(from: UnsafeRawBufferPointer(set))
            buffer[set.count] = type
            UnsafeMutableRawBufferPointer(rebasing: buffer[(set.count + 1)...]).copyMemory(from: value)
            return RIPEMD160.hash(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Partition id: little-endian u16 of the first two digest bytes, masked with 0x0FFF.
    /// Returns 0 for a digest shorter than 2 bytes (callers validate digest length first).
    public static func partitionID(_ digest: [UInt8]) -> Int {
        guard digest.count >= 2 else { return 0 }
        return partitionID(digest, at: 0)
    }

    /// The partition id of the digest starting at `offset` in `bytes` (e.g. inside a message body);
    /// the caller guarantees two bytes there.
    public static func partitionID(_ bytes: [UInt8], at offset: Int) -> Int {
        partitionID(first: bytes[offset], second: bytes[offset + 1])
    }

    /// The partition id of a digest whose first two bytes are `first` and `second`: the one place the
    /// formula `(d[0] | d[1] << 8) & 0x0FFF` is written.
    @inlinable
    public static func partitionID(first: UInt8, second: UInt8) -> Int {
        (Int(first) | Int(second) << 8) & 0x0FFF
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
