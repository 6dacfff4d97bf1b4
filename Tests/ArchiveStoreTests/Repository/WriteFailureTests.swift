import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

@Suite struct WriteFailureTests {
    /// After a pack upload fails, chunks other callers were told are stored are gone, so the session
    /// refuses to continue: no later flush or snapshot can succeed and reference them.
    @Test func failedPackUploadPoisonsTheSession() async throws {
        let memory = MemoryBackend()
        _ = try await TestRepository.make(backend: memory)
        let faulty = FaultyBackend(wrapping: memory, failing: .pack, after: 2)
        let repo = try await Repository.open(backend: faulty, password: TestRepository.password)
        var failures = 0
        for n in 0..<200 {
            do {
                _ = try await repo.saveChunk(TestData.bytes(seed: UInt64(n), count: 4000))
            } catch {
                failures += 1
            }
        }
        #expect(failures > 0)
        let error = await #expect(throws: ArchiveStoreError.self) { try await repo.flush() }
        #expect(error?.message.contains("saving a pack failed") == true)
        await #expect(throws: ArchiveStoreError.self) {
            _ = try await repo.saveSnapshot(Snapshot(namespace: "x"), partitions: PartitionTable())
        }
        #expect(try await memory.list(.snapshot).isEmpty)
        // What was saved before the failure is intact and indexed once flushed by a healthy session.
        #expect(try await memory.list(.pack).count == 2)
    }

    @Test func failedIndexWriteKeepsEntriesForTheNextFlush() async throws {
        let memory = MemoryBackend()
        _ = try await TestRepository.make(backend: memory)
        let faulty = FaultyBackend(wrapping: memory, failing: .index, after: 0)
        let repo = try await Repository.open(backend: faulty, password: TestRepository.password)
        let id = try await repo.saveChunk(TestData.bytes(seed: 1, count: 100)).id
        await #expect(throws: ArchiveStoreError.self) { try await repo.flush() }
        #expect(try await memory.list(.index).isEmpty)
        #expect(try await repo.loadChunk(id).count == 100)
    }
}
