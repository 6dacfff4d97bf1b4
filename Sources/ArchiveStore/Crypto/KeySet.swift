internal import CSodium

/// The working keys of a session (SPEC.md §3).
///
/// - `chunkIDKey` (subkey id 1) keys the BLAKE2b-256 that names chunks (``ChunkHasher``).
/// - `dataKey` (id 2) seals chunk blobs (``Sealer`` with ``SealPurpose/data``).
/// - `metadataKey` (id 3) seals pack headers, index files and snapshots (``SealPurpose/metadata``).
/// - `chunkerKey` (id 4) keys the hash that places chunk boundaries (``RecordChunker``).
/// - `publicKey`/`secretKey`: the repository's X25519 key pair, from the seed of id 5; data blobs
///   written without the data key carry their own key sealed to `publicKey` (SPEC.md §4 version 2).
///
/// A session opened with a master key (admin and restore keys) has every key. A backup session
/// (``init(backupMaterial:)``) has no `dataKey` and no `secretKey`: it can write record data but
/// not read any (SPEC.md §3 "Backup keys").
///
/// Each secret lives in memory zeroed on release. Immutable, hence `Sendable`.
public final class KeySet: Sendable {
    /// Subkey ids passed to `crypto_kdf_derive_from_key`. Part of the format: never renumber.
    enum SubkeyID {
        static let chunkID: UInt64 = 1
        static let data: UInt64 = 2
        static let metadata: UInt64 = 3
        static let chunker: UInt64 = 4
        static let sealingSeed: UInt64 = 5
    }

    /// Every subkey, and each half of the key pair, is 32 bytes.
    static let subkeyByteCount = 32
    /// What a backup key file wraps: chunk-id key ‖ metadata key ‖ chunker key ‖ public key.
    static let backupMaterialByteCount = 4 * subkeyByteCount

    let chunkIDKey: SecretBytes
    let dataKey: SecretBytes?
    let metadataKey: SecretBytes
    let chunkerKey: SecretBytes
    let publicKey: [UInt8]
    let secretKey: SecretBytes?

    init(
        chunkIDKey: SecretBytes, dataKey: SecretBytes?, metadataKey: SecretBytes, chunkerKey: SecretBytes,
        publicKey: [UInt8], secretKey: SecretBytes?
    ) {
        self.chunkIDKey = chunkIDKey
        self.dataKey = dataKey
        self.metadataKey = metadataKey
        self.chunkerKey = chunkerKey
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// The keys of a backup session, from the bytes a backup key file wraps (``backupMaterial()``).
    convenience init(backupMaterial bytes: SecretBytes) {
        precondition(bytes.count == Self.backupMaterialByteCount)
        func part(_ n: Int) -> SecretBytes {
            SecretBytes(count: Self.subkeyByteCount) { out in
                bytes.withUnsafeBytes { all in
                    out.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[(n * 32)..<((n + 1) * 32)]))
                }
            }
        }
        let publicKey = bytes.withUnsafeBytes { Array($0[96..<128]) }
        self.init(
            chunkIDKey: part(0), dataKey: nil, metadataKey: part(1), chunkerKey: part(2), publicKey: publicKey,
            secretKey: nil)
    }

    /// The bytes a backup key file wraps: everything a backup needs, nothing that reads record data.
    func backupMaterial() -> SecretBytes {
        SecretBytes(count: Self.backupMaterialByteCount) { out in
            for (n, key) in [chunkIDKey, metadataKey, chunkerKey].enumerated() {
                key.withUnsafeBytes { out.baseAddress!.advanced(by: n * 32).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            }
            publicKey.withUnsafeBytes { out.baseAddress!.advanced(by: 96).copyMemory(from: $0.baseAddress!, byteCount: 32) }
        }
    }

    /// Whether this session can decrypt record data (it holds the data key and the secret key).
    public var canReadRecordData: Bool { dataKey != nil && secretKey != nil }

    /// The sealing key for a purpose.
    /// - Throws: `.roleRefused` for `.data` in a backup session.
    func sealingKey(for purpose: SealPurpose) throws -> SecretBytes {
        switch purpose {
        case .data:
            guard let dataKey else { throw Self.noRecordData() }
            return dataKey
        case .metadata: return metadataKey
        }
    }

    /// The error for reading record data in a backup session.
    static func noRecordData() -> ArchiveStoreError {
        ArchiveStoreError(
            .roleRefused,
            "record data cannot be decrypted with a backup key (it holds no data key or secret key); "
                + "use the password of an admin or restore key")
    }
}
