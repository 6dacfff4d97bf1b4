internal import CSodium

/// The repository's 32-byte root secret. Every working key is derived from it (``deriveKeys()``);
/// key files wrap it under passwords (``KeyFile``).
///
/// The bytes are held in memory that is zeroed when the key is freed. Immutable, so sharing one
/// instance between tasks is safe.
public final class MasterKey: Sendable {
    /// Length of a master key in bytes (`crypto_kdf_KEYBYTES`).
    static let byteCount = 32
    /// The libsodium KDF context for all subkeys (8 bytes, SPEC.md §3).
    static let kdfContext: [CChar] = Array("aerovlt1".utf8CString.dropLast())

    let secret: SecretBytes

    init(secret: SecretBytes) {
        precondition(secret.count == MasterKey.byteCount)
        self.secret = secret
    }

    /// Wraps existing key bytes (e.g. unwrapped from a key file); copies them.
    convenience init(bytes: [UInt8]) {
        self.init(secret: SecretBytes(copying: bytes))
    }

    /// Makes a new random master key from libsodium's CSPRNG.
    public static func generate() -> MasterKey {
        precondition(Sodium.ready, "libsodium failed to initialize")
        return MasterKey(secret: SecretBytes(count: byteCount) { buffer in
            crypto_kdf_keygen(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
        })
    }

    /// Derives the four working subkeys with `crypto_kdf_derive_from_key` (context "aerovlt1",
    /// ids 1–4, 32 bytes each) and the repository's X25519 key pair from the seed of id 5
    /// (`crypto_box_seed_keypair`; SPEC.md §3). Deterministic: the same master key always gives the
    /// same ``KeySet``.
    public func deriveKeys() -> KeySet {
        let seed = deriveSubkey(id: KeySet.SubkeyID.sealingSeed)
        var publicKey = [UInt8](repeating: 0, count: crypto_box_publickeybytes())
        let secretKey = SecretBytes(count: crypto_box_secretkeybytes()) { out in
            let status = seed.withKeyPointer { s in
                crypto_box_seed_keypair(&publicKey, out.baseAddress!.assumingMemoryBound(to: UInt8.self), s)
            }
            precondition(status == 0, "crypto_box_seed_keypair failed")
        }
        return KeySet(
            chunkIDKey: deriveSubkey(id: KeySet.SubkeyID.chunkID),
            dataKey: deriveSubkey(id: KeySet.SubkeyID.data),
            metadataKey: deriveSubkey(id: KeySet.SubkeyID.metadata),
            chunkerKey: deriveSubkey(id: KeySet.SubkeyID.chunker),
            publicKey: publicKey, secretKey: secretKey)
    }

    private func deriveSubkey(id: UInt64) -> SecretBytes {
        SecretBytes(count: KeySet.subkeyByteCount) { out in
            let status = secret.withKeyPointer { master in
                MasterKey.kdfContext.withUnsafeBufferPointer { ctx in
                    crypto_kdf_derive_from_key(
                        out.baseAddress!.assumingMemoryBound(to: UInt8.self), out.count, id, ctx.baseAddress!, master)
                }
            }
            precondition(status == 0, "crypto_kdf_derive_from_key rejected a 32-byte subkey")
        }
    }
}
