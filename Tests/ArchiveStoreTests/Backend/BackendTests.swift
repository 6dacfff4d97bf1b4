import Foundation
import ArchiveStoreTestSupport
import Testing
@testable import ArchiveStore

@Suite struct BackendTests {
    @Test func memoryBackendConforms() async throws {
        try await BackendConformance.run { MemoryBackend() }
    }

    @Test func localBackendConforms() async throws {
        let dir = try TestData.temporaryDirectory("backend")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var made = 0
        try await BackendConformance.run {
            made += 1
            let backend = LocalBackend(path: dir + "/\(made)")
            try backend.createLayout()
            return backend
        }
    }

    @Test func localBackendLayoutAndTempFiles() async throws {
        let dir = try TestData.temporaryDirectory("layout")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let backend = LocalBackend(path: dir)
        try backend.createLayout()
        let name = "3f" + String(repeating: "0", count: 62)
        try await backend.save(.pack, name: name, bytes: [1, 2, 3])
        #expect(FileManager.default.fileExists(atPath: dir + "/data/3f/" + name))
        // A leftover temp file from a crashed save is never listed.
        _ = FileManager.default.createFile(atPath: dir + "/tmp/leftover", contents: Data([9]))
        #expect(try await backend.list(.pack).map(\.name) == [name])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/tmp") == ["leftover"])
    }

    @Test func localBackendRejectsPathNames() async throws {
        let backend = LocalBackend(path: "/nonexistent-aerovault")
        #expect(try await backend.exists() == false)
        await #expect(throws: ArchiveStoreError.self) { try await backend.save(.key, name: "../x", bytes: []) }
        await #expect(throws: ArchiveStoreError.self) { _ = try await backend.load(.key, name: "") }
    }

    /// Files of 1 MiB and more take the direct-write path (aligned prefix with `O_DIRECT` where the file
    /// system allows it, the tail buffered); every size must read back exactly, and nothing is left in tmp/.
    @Test(arguments: [LocalBackend.directWriteThreshold, LocalBackend.directWriteThreshold + 1,
                      3 * LocalBackend.directWriteChunk + LocalBackend.directWriteAlignment + 5])
    func localBackendLargeFilesReadBack(size: Int) async throws {
        let dir = try TestData.temporaryDirectory("direct")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let backend = LocalBackend(path: dir)
        try backend.createLayout()
        var rng = SeededGenerator(seed: UInt64(size))
        let bytes = rng.bytes(size)
        let name = "ab" + String(repeating: "1", count: 62)
        try await backend.save(.pack, name: name, bytes: bytes)
        #expect(try await backend.load(.pack, name: name) == bytes)
        #expect(try await backend.stat(.pack, name: name).size == size)
        #expect(try await backend.load(.pack, name: name, range: (size - 7)..<size) == Array(bytes[(size - 7)...]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/tmp").isEmpty)
    }
}
