/// The repository's `config` file (SPEC.md §6 "Config"): identity, format version and parameters.
///
/// On disk: magic `"aerovault"` (9 bytes) ‖ format version (1 byte) ‖ sealed JSON of this struct
/// (``SealedFile`` with label `"config"`). The public header lets `open` say "not an aerovault
/// repository" or "newer format" before any key is tried.
public struct RepositoryConfig: Codable, Sendable, Equatable {
    /// Random 32 bytes naming this repository.
    public var id: ID32
    public var version: FormatVersion
    /// Immutable: changing them would move chunk boundaries and defeat dedup against old snapshots.
    public var chunker: ChunkerParameters
    public var algorithms: Algorithms
    /// Target pack size in bytes (packs close once they reach it).
    public var packSize: Int
    /// zstd level used for new chunks.
    public var compressionLevel: Int32
    /// `true` for an append-only repository (SPEC.md §6 "Append-only repositories"); absent otherwise.
    public var appendOnly: Bool? = nil

    /// Whether only forget and prune, with an admin key, may remove or replace files.
    public var isAppendOnly: Bool { appendOnly == true }

    /// Algorithm names stored in the config (SPEC.md §6), never implied by the version; unknown names
    /// refuse to open.
    public struct Algorithms: Codable, Sendable, Equatable {
        public var aead: String
        public var kdf: String
        public var compression: String
        public var hash: String

        public static let current = Algorithms(
            aead: "xchacha20poly1305-secretstream", kdf: "argon2id13", compression: "zstd", hash: "blake2b-256")
    }

    public static let defaultPackSize = 16 << 20
    public static let packSizeLimits = (1 << 10)...(512 << 20)
    static let magic: [UInt8] = Array("aerovault".utf8)
    static let headerLength = magic.count + 1

    /// Checks the mutable parameters and algorithm names.
    /// - Throws: `.invalidArgument` for out-of-range values, `.unsupportedFormatVersion` for unknown algorithms.
    public func validate() throws {
        try chunker.validate()
        guard Self.packSizeLimits.contains(packSize) else {
            throw ArchiveStoreError(
                .invalidArgument,
                "pack size \(packSize) is outside \(Self.packSizeLimits.lowerBound)...\(Self.packSizeLimits.upperBound)")
        }
        guard (1...19).contains(compressionLevel) else {
            throw ArchiveStoreError(.invalidArgument, "compression level \(compressionLevel) is outside 1...19")
        }
        guard algorithms == .current else {
            throw ArchiveStoreError(
                .unsupportedFormatVersion,
                "repository uses algorithms \(algorithms), this build supports \(Algorithms.current)")
        }
    }

    /// The whole `config` file.
    func encode(sealer: Sealer) throws -> [UInt8] {
        let body = try MetadataJSON.encode(self)
        return Self.magic + [version.rawValue] + (try SealedFile.seal(body, version: 1, label: "config", sealer: sealer))
    }

    /// Reads the public header; returns the sealed remainder.
    /// - Throws: `.noRepository` if the magic is wrong, `.unsupportedFormatVersion` for other versions.
    static func checkHeader(_ file: [UInt8], location: String) throws -> (FormatVersion, [UInt8]) {
        guard file.count > headerLength, Array(file.prefix(magic.count)) == magic else {
            throw ArchiveStoreError(
                .noRepository, "\(location) is not an aerovault repository (its config file has no aerovault header)")
        }
        let version = try FormatVersion.check(file[magic.count], of: "repository at \(location)")
        return (version, Array(file.dropFirst(headerLength)))
    }

    /// Decrypts and checks the config body.
    static func decode(sealedBody: [UInt8], sealer: Sealer, headerVersion: FormatVersion) throws -> RepositoryConfig {
        let (_, body) = try SealedFile.open(sealedBody, label: "config", what: "config", sealer: sealer)
        let config = try MetadataJSON.decode(RepositoryConfig.self, from: body, what: "config")
        guard config.version == headerVersion else {
            throw ArchiveStoreError(.corrupted, "config header says version \(headerVersion.rawValue) but body says "
                + "\(config.version.rawValue): the file was modified")
        }
        try config.validate()
        return config
    }
}
