import ArchiveStore
import Foundation

/// Temporary on-disk repositories with a fast KDF, for engine tests.
enum TestRepositoryFactory {
    static let password = Array("correct horse battery".utf8)

    /// A fresh temporary directory.
    static func temporaryDirectory(_ label: String = "aerovault-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Initializes a repository in a new temporary directory with the insecure fast KDF.
    static func make(packSize: Int = 4 << 20) async throws -> (repository: Repository, directory: URL) {
        let directory = try temporaryDirectory("aerovault-repo")
        let repository = try await Repository.initialize(
            backend: LocalBackend(path: directory.path), password: password, kdf: .insecureFastForTesting,
            packSize: packSize)
        return (repository, directory)
    }

    /// Opens the repository in `directory` again (as a new process would).
    static func reopen(_ directory: URL) async throws -> Repository {
        try await Repository.open(backend: LocalBackend(path: directory.path), password: password)
    }

    /// Writes the password to a file for `--password-file`.
    static func passwordFile(in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("password.txt")
        try Data(password).write(to: url)
        return url
    }

    /// Total bytes of pack files under `data/`: the repository's stored chunk bytes.
    static func storedPackBytes(_ directory: URL) throws -> Int {
        let data = directory.appendingPathComponent("data")
        guard let walker = FileManager.default.enumerator(at: data, includingPropertiesForKeys: [.fileSizeKey]) else {
            return 0
        }
        var total = 0
        for case let url as URL in walker {
            total += (try url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        }
        return total
    }
}
