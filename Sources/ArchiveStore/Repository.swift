import Foundation

/// An open aerovault repository: chunks in packs, the index, snapshots, keys and locks (SPEC.md §6–11).
///
/// Create one with ``initialize(backend:password:kdf:chunker:packSize:compressionLevel:writeOptions:)``
/// or ``open(backend:password:writeOptions:)``. All methods are safe to call from many tasks at once:
/// hashing, compression and sealing run outside the actor, so `saveChunk` scales with callers.
/// Chunks saved are durable and visible to other processes only after ``flush()``.
public actor Repository {
    /// Where the files live.
    public nonisolated let backend: any Backend
    /// The decrypted config.
    public nonisolated let config: RepositoryConfig
    /// Index and pack policy for this process.
    public nonisolated let writeOptions: WriteOptions
    /// The key file that opened the repository (changes after ``changePassword(_:)``).
    public internal(set) var keyID: KeyID
    /// The role of that key file (SPEC.md §3 "Roles"); the same for every key of a session.
    public nonisolated let role: KeyRole

    /// Kept for adding key files; never written anywhere unwrapped. Nil in a backup session.
    nonisolated let masterKey: MasterKey?
    nonisolated let keys: KeySet
    nonisolated let hasher: ChunkHasher
    /// Thread-safe (each call takes a zstd context of its own from a pool, and its own stream state).
    nonisolated let sealer: Sealer
    /// Windows of packs read ahead, for backends that ask for it (``BackendProperties/readAhead``).
    nonisolated let readAhead: PackReadAhead?
    /// Reused seal output buffers of ``saveChunk(_:type:)``: about one per task saving at once.
    nonisolated let workspaces = ContextPool(capacity: 8) { SealerWorkspace() }

    // Index state (Repository+Index.swift).
    var index = ChunkIndex()
    var loadedIndexFiles: Set<String> = []
    var unindexed: [IndexFile.Pack] = []
    var unindexedSince: ContinuousClock.Instant?
    var lastIndexReload = ContinuousClock.now
    /// Packs a read found missing: tried last for chunks with another location (Repository+Chunks.swift).
    var missingPacks: Set<PackID> = []

    // Write state (Repository+Chunks.swift).
    var writer: PackWriter
    var writerSerial = 0
    var uploading: [Int: PackWriter] = [:]
    /// Buffers of saved packs, reused by the next packs.
    var sparePackBuffers: [[UInt8]] = []
    static let sparePackBufferLimit = 2
    var pending: [ChunkID: (serial: Int, entry: PackEntry)] = [:]
    var reserved: Set<ChunkID> = []
    var inFlight = 0
    var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// Set when a pack upload failed: chunks other callers were told are stored may be lost, so every
    /// later `saveChunk` and `flush` fails too (a snapshot must never reference them).
    var writeFailure: ArchiveStoreError?

    /// Tuning for writers; the defaults suit production, tests shrink them.
    public struct WriteOptions: Sendable {
        /// Write an index file once this many chunks are unindexed.
        public var indexMaxEntries: Int
        /// Write an index file once the oldest unindexed chunk is this old (seconds), so concurrent
        /// writers see each other's chunks.
        public var indexMaxAge: Double
        /// Re-read index files written by other processes at most this often (seconds).
        public var indexReloadInterval: Double

        public init(indexMaxEntries: Int = 50_000, indexMaxAge: Double = 60, indexReloadInterval: Double = 5) {
            self.indexMaxEntries = indexMaxEntries
            self.indexMaxAge = indexMaxAge
            self.indexReloadInterval = indexReloadInterval
        }
    }

    init(
        backend: any Backend, config: RepositoryConfig, key: KeyFile.OpenedKey, keyID: KeyID, writeOptions: WriteOptions
    ) {
        self.backend = backend
        self.role = key.role
        self.config = config
        self.masterKey = key.master
        self.keys = key.keys
        self.keyID = keyID
        self.writeOptions = writeOptions
        self.hasher = ChunkHasher(keys: self.keys)
        self.sealer = Sealer(keys: self.keys, compressionLevel: config.compressionLevel)
        self.writer = PackWriter(targetSize: config.packSize)
        let readAhead = backend.properties.readAhead
        self.readAhead = readAhead > 0 ? PackReadAhead(size: readAhead, capacity: 4 * readAhead) : nil
    }

    /// Creates a new repository: an admin key file for `password`, then the config.
    /// - Parameter appendOnly: make it append-only (SPEC.md §6 "Append-only repositories").
    /// - Throws: `.refused` if a repository already exists there; `.invalidArgument` for bad parameters.
    public static func initialize(
        backend: any Backend, password: [UInt8], kdf: KDFParameters = .default,
        chunker: ChunkerParameters = .default, packSize: Int = RepositoryConfig.defaultPackSize,
        compressionLevel: Int32 = 1, appendOnly: Bool = false, writeOptions: WriteOptions = WriteOptions()
    ) async throws -> Repository {
        guard !password.isEmpty else { throw ArchiveStoreError(.invalidArgument, "the password must not be empty") }
        if (try? await backend.stat(.config, name: FileKind.configName)) != nil {
            throw ArchiveStoreError(.refused, "a repository already exists at \(backend.location)")
        }
        var idBytes = [UInt8](repeating: 0, count: 32)
        for i in idBytes.indices { idBytes[i] = UInt8.random(in: 0...255) }
        let config = RepositoryConfig(
            id: ID32(bytes: idBytes)!, version: .currentWrite, chunker: chunker,
            algorithms: .current, packSize: packSize, compressionLevel: compressionLevel,
            appendOnly: appendOnly ? true : nil)
        try config.validate()
        let master = MasterKey.generate()
        let keyID = try await saveKeyFile(master: master, role: .admin, password: password, kdf: kdf, backend: backend)
        let key = KeyFile.OpenedKey(master: master, keys: master.deriveKeys(), role: .admin)
        let configBytes = try config.encode(sealer: Sealer(keys: key.keys, compressionLevel: compressionLevel))
        try await backend.save(.config, name: FileKind.configName, bytes: configBytes)
        return Repository(backend: backend, config: config, key: key, keyID: keyID, writeOptions: writeOptions)
    }

    /// Opens an existing repository with `password` and loads its index.
    /// - Parameter loadIndex: false leaves the index empty (`repair index`, which must work when an
    ///   index file is damaged and rebuilds the index from the packs).
    /// - Parameter access: when given, the key's role must permit it (checked as soon as the key opens,
    ///   before anything else is read); `action` names the operation in the error.
    /// - Throws: `.noRepository` if there is none; `.wrongPassword` if no key file opens with `password`;
    ///   `.unsupportedFormatVersion` for a newer format; `.corrupted` naming a damaged file;
    ///   `.roleRefused` if the key's role does not permit `access`.
    public static func open(
        backend: any Backend, password: [UInt8], writeOptions: WriteOptions = WriteOptions(), loadIndex: Bool = true,
        requiring access: RepositoryAccess? = nil, for action: String = "this operation"
    ) async throws -> Repository {
        let configFile: [UInt8]
        do {
            configFile = try await backend.load(.config, name: FileKind.configName)
        } catch let error as ArchiveStoreError where error.code == .notFound {
            throw noRepository(backend)
        }
        let (version, sealedBody) = try RepositoryConfig.checkHeader(configFile, location: backend.location)
        let (key, keyID) = try await openKey(backend: backend, password: password)
        if let access { try key.role.require(access, for: action) }
        let config = try RepositoryConfig.decode(
            sealedBody: sealedBody, sealer: Sealer(keys: key.keys), headerVersion: version)
        let repository = Repository(backend: backend, config: config, key: key, keyID: keyID, writeOptions: writeOptions)
        if loadIndex { try await repository.reloadIndex() }
        return repository
    }

    /// Throws `.noRepository` unless a `config` file exists (checked before asking for a password).
    public static func checkExists(backend: any Backend) async throws {
        do {
            _ = try await backend.stat(.config, name: FileKind.configName)
        } catch let error as ArchiveStoreError where error.code == .notFound {
            throw noRepository(backend)
        }
    }

    private static func noRepository(_ backend: any Backend) -> ArchiveStoreError {
        ArchiveStoreError(
            .noRepository,
            "there is no aerovault repository at \(backend.location) (no config file); create one with `aerovault init`")
    }

    /// Whether this session can decrypt record data (false for a backup key, SPEC.md §3 "Backup keys").
    public nonisolated var canReadRecordData: Bool { keys.canReadRecordData }

    /// Number of chunks in the loaded index (excluding chunks not yet flushed).
    public var indexedChunkCount: Int { index.count }

    /// Approximate bytes of memory per index entry (SPEC.md §8 reports the measured figure).
    public var indexBytesPerEntry: Double { index.bytesPerEntry }
}
