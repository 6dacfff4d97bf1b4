import ArchiveStore

/// Builds small, fast repositories for tests: fast KDF, small chunks and packs. Every test target's
/// repositories come from here (in memory by default, on disk with ``makeLocal(packSize:)``).
public enum TestRepository {
    public static let password = Array("correct horse".utf8)
    /// Chunks of about 2 KiB so small layers span several chunks.
    public static let smallChunks = ChunkerParameters(averageSize: 2048, minSize: 512, maxSize: 8192)

    public static func make(
        backend: any Backend = MemoryBackend(), packSize: Int = 64 << 10, chunker: ChunkerParameters = smallChunks,
        writeOptions: Repository.WriteOptions = .init()
    ) async throws -> Repository {
        try await Repository.initialize(
            backend: backend, password: password, kdf: .insecureFastForTesting, chunker: chunker, packSize: packSize,
            writeOptions: writeOptions)
    }

    /// Opens `repository`'s backend again, as a new process would.
    public static func reopen(_ repository: Repository) async throws -> Repository {
        try await Repository.open(backend: repository.backend, password: password)
    }
}
