internal import CSodium

/// SipHash-2-4 through libsodium's `crypto_shorthash`: a fast keyed 64-bit hash.
///
/// Used where a keyed hash runs once per record and only needs to be unpredictable without the
/// key (chunk boundaries, SPEC.md §5), not collision resistant.
enum SipHash {
    /// Key bytes SipHash uses (`crypto_shorthash_KEYBYTES`).
    static let keyByteCount = 16

    /// SipHash-2-4 of `input` keyed with the first 16 bytes of `key`, as the little-endian u64
    /// libsodium writes.
    static func hash(_ input: [UInt8], key: SecretBytes) -> UInt64 {
        input.withUnsafeBytes { hash($0, key: key) }
    }

    /// As ``hash(_:key:)-([UInt8],_)``, over raw bytes (no array needed).
    static func hash(_ input: UnsafeRawBufferPointer, key: SecretBytes) -> UInt64 {
        precondition(Sodium.ready, "libsodium failed to initialize")
        precondition(key.count >= keyByteCount, "SipHash needs a 16-byte key")
        var out: UInt64 = 0
        let status = withUnsafeMutableBytes(of: &out) { o in
            key.withKeyPointer { k in
                crypto_shorthash(
                    o.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    input.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(input.count), k)
            }
        }
        precondition(status == 0, "crypto_shorthash failed")
        return UInt64(littleEndian: out)
    }
}
