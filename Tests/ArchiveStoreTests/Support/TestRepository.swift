import Foundation
@testable import ArchiveStore

/// Builds small, fast repositories for tests: fast KDF, tiny packs.
enum TestRepository {
    static let password = Array("correct horse".utf8)

    static func make(
        backend: any Backend = MemoryBackend(), packSize: Int = 64 << 10,
        writeOptions: Repository.WriteOptions = .init()
    ) async throws -> Repository {
        try await Repository.initialize(
            backend: backend, password: password, kdf: .insecureFastForTesting, packSize: packSize,
            writeOptions: writeOptions)
    }

    static func reopen(_ repository: Repository) async throws -> Repository {
        try await Repository.open(backend: repository.backend, password: password)
    }
}
