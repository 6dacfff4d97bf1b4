import ArchiveStore
import Foundation

/// Repositories in temporary directories, for tests that need files on disk (other processes, the CLI).
extension TestRepository {
    /// A fresh temporary directory; the caller removes it.
    public static func temporaryDirectory(_ label: String = "repo") throws -> URL {
        URL(fileURLWithPath: try TestData.temporaryDirectory(label), isDirectory: true)
    }

    /// Initializes a repository in a new temporary directory, with the default chunker (engine tests
    /// measure realistic chunking) and the insecure fast KDF.
    public static func makeLocal(packSize: Int = 4 << 20) async throws -> (repository: Repository, directory: URL) {
        let directory = try temporaryDirectory()
        let repository = try await make(
            backend: LocalBackend(path: directory.path), packSize: packSize, chunker: .default)
        return (repository, directory)
    }

    /// Opens the repository in `directory` again (as a new process would).
    public static func reopen(_ directory: URL) async throws -> Repository {
        try await Repository.open(backend: LocalBackend(path: directory.path), password: password)
    }

    /// Writes the password to a file for `--password-file`.
    public static func passwordFile(in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("password.txt")
        try Data(password).write(to: url)
        return url
    }

    /// Total bytes of pack files under `data/`: the repository's stored chunk bytes.
    public static func storedPackBytes(_ directory: URL) throws -> Int {
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
