/// The working subkeys derived from a ``MasterKey`` (SPEC.md §3).
///
/// - `chunkIDKey` (subkey id 1) keys the BLAKE2b-256 that names chunks (``ChunkHasher``).
/// - `dataKey` (id 2) seals chunk blobs (``Sealer`` with ``SealPurpose/data``).
/// - `metadataKey` (id 3) seals pack headers, index files and snapshots (``SealPurpose/metadata``).
/// - `chunkerKey` (id 4) keys the hash that places chunk boundaries (``RecordChunker``).
///
/// Each key lives in memory zeroed on release. Immutable, hence `Sendable`.
public final class KeySet: Sendable {
    /// Subkey ids passed to `crypto_kdf_derive_from_key`. Part of the format: never renumber.
    enum SubkeyID {
        static let chunkID: UInt64 = 1
        static let data: UInt64 = 2
        static let metadata: UInt64 = 3
        static let chunker: UInt64 = 4
    }

    /// Every subkey is 32 bytes.
    static let subkeyByteCount = 32

    let chunkIDKey: SecretBytes
    let dataKey: SecretBytes
    let metadataKey: SecretBytes
    let chunkerKey: SecretBytes

    init(chunkIDKey: SecretBytes, dataKey: SecretBytes, metadataKey: SecretBytes, chunkerKey: SecretBytes) {
        self.chunkIDKey = chunkIDKey
        self.dataKey = dataKey
        self.metadataKey = metadataKey
        self.chunkerKey = chunkerKey
    }

    /// The sealing key for a purpose.
    func sealingKey(for purpose: SealPurpose) -> SecretBytes {
        switch purpose {
        case .data: return dataKey
        case .metadata: return metadataKey
        }
    }
}
