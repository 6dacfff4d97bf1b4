internal import CSodium

/// BLAKE2b (RFC 7693) through libsodium's `crypto_generichash`, keyed or unkeyed.
///
/// Used for file ids, chunk ids and the chunker's boundary hash; not public API.
enum Blake2b {
    /// Hashes `input` to `outputLength` bytes (16...64), keyed with `key` (16...64 bytes) if given.
    static func hash(_ input: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer?, outputLength: Int) -> [UInt8] {
        precondition(Sodium.ready, "libsodium failed to initialize")
        precondition((16...64).contains(outputLength), "BLAKE2b output length must be 16...64")
        var out = [UInt8](repeating: 0, count: outputLength)
        let status = out.withUnsafeMutableBufferPointer { o in
            crypto_generichash(
                o.baseAddress!, outputLength,
                input.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(input.count),
                key?.baseAddress?.assumingMemoryBound(to: UInt8.self), key?.count ?? 0)
        }
        precondition(status == 0, "crypto_generichash rejected valid lengths")
        return out
    }

    /// Unkeyed BLAKE2b of a byte array.
    static func hash(_ input: [UInt8], outputLength: Int = 32) -> [UInt8] {
        input.withUnsafeBytes { hash($0, key: nil, outputLength: outputLength) }
    }

    /// BLAKE2b of a byte array keyed with a secret subkey.
    static func hash(_ input: [UInt8], key: SecretBytes, outputLength: Int = 32) -> [UInt8] {
        input.withUnsafeBytes { i in key.withUnsafeBytes { k in hash(i, key: k, outputLength: outputLength) } }
    }
}
