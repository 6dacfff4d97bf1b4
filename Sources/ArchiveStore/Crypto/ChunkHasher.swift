/// Names chunks: BLAKE2b-256 of the chunk plaintext keyed with the repository's chunk-id subkey.
///
/// Keying hides which plaintexts a repository holds from anyone without the key (a guessed record
/// cannot be confirmed by hashing it), while equal plaintexts still deduplicate. SPEC.md §2, §3.
public struct ChunkHasher: Sendable {
    private let key: SecretBytes

    /// Uses `keys.chunkIDKey`.
    public init(keys: KeySet) {
        self.key = keys.chunkIDKey
    }

    /// The chunk id of `plaintext`.
    public func id(of plaintext: [UInt8]) -> ChunkID {
        ID32(bytes: Blake2b.hash(plaintext, key: key, outputLength: ID32.byteCount))!
    }
}
