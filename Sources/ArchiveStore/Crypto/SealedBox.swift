internal import CSodium

/// Per-blob keys sealed to the repository's X25519 public key with libsodium's `crypto_box_seal`
/// (SPEC.md §4 "Version 2"): anyone can seal, only the holder of the secret key can open.
enum SealedBox {
    /// `crypto_box_SEALBYTES`: an ephemeral public key and a MAC.
    static let overhead = crypto_box_sealbytes()
    /// Length of a sealed 32-byte key.
    static let sealedKeyByteCount = 32 + overhead

    /// A fresh random secretstream key.
    static func randomKey() -> SecretBytes {
        precondition(Sodium.ready, "libsodium failed to initialize")
        return SecretBytes(count: 32) { out in
            crypto_secretstream_xchacha20poly1305_keygen(out.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// `crypto_box_seal(key, publicKey)`: ``sealedKeyByteCount`` bytes.
    static func seal(_ key: SecretBytes, to publicKey: [UInt8]) -> [UInt8] {
        precondition(key.count == 32 && publicKey.count == crypto_box_publickeybytes())
        var out = [UInt8](repeating: 0, count: sealedKeyByteCount)
        let status = key.withKeyPointer { k in crypto_box_seal(&out, k, 32, publicKey) }
        precondition(status == 0, "crypto_box_seal failed")
        return out
    }

    /// Opens a key sealed by ``seal(_:to:)``; nil if it was not sealed to this key pair or was altered.
    static func open(_ sealed: ArraySlice<UInt8>, publicKey: [UInt8], secretKey: SecretBytes) -> SecretBytes? {
        guard sealed.count == sealedKeyByteCount else { return nil }
        let bytes = Array(sealed)
        var status: Int32 = -1
        let key = SecretBytes(count: 32) { out in
            status = secretKey.withKeyPointer { sk in
                crypto_box_seal_open(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes, UInt64(bytes.count), publicKey, sk)
            }
        }
        return status == 0 ? key : nil
    }
}
