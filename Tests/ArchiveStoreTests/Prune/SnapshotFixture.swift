import ArchiveStoreTestSupport
import Foundation
@testable import ArchiveStore

/// Builds snapshots straight through the Repository API (layers of random data chunks), and reads
/// them back to a comparable form, for prune and check tests.
enum SnapshotFixture {
    /// Saves one layer of `count` chunks generated from `seeds`.
    static func layer(_ repo: Repository, seeds: [UInt64], size: Int = 700) async throws -> LayerRef {
        var ids: [ChunkID] = []
        for seed in seeds { ids.append(try await repo.saveChunk(TestData.bytes(seed: seed, count: size)).id) }
        return try await repo.saveLayer(
            Layer(chunks: ids, recordCount: UInt64(ids.count), tombstoneCount: 0, byteCount: UInt64(ids.count * size)))
    }

    /// A full snapshot: partitions 0..<partitions, each one layer of `perPartition` chunks from
    /// seeds `base + 1000·p + i`.
    @discardableResult
    static func full(
        _ repo: Repository, base: UInt64, partitions: Int = 3, perPartition: Int = 4, time: Date = Date(),
        metadata: [String: ChunkID] = [:]
    ) async throws -> (id: SnapshotID, table: PartitionTable) {
        var table = PartitionTable()
        for p in 0..<partitions {
            let seeds = (0..<perPartition).map { base + 1000 * UInt64(p) + UInt64($0) }
            table.stacks[p] = [try await layer(repo, seeds: seeds)]
        }
        let snapshot = Snapshot(time: time, host: "h", namespace: "test", metadata: metadata)
        return (try await repo.saveSnapshot(snapshot, partitions: table), table)
    }

    /// An incremental snapshot: `parent` with one new layer pushed onto partition 0.
    @discardableResult
    static func incremental(
        _ repo: Repository, parent: (id: SnapshotID, table: PartitionTable), base: UInt64, time: Date = Date()
    ) async throws -> (id: SnapshotID, table: PartitionTable) {
        let table = parent.table.pushing(try await layer(repo, seeds: [base, base + 1]), onto: 0)
        let snapshot = Snapshot(time: time, host: "h", parent: parent.id, namespace: "test")
        return (try await repo.saveSnapshot(snapshot, partitions: table), table)
    }

    /// Every chunk's plaintext hash reachable from a snapshot, per partition and layer, in order
    /// (loads every chunk, so a missing or damaged one throws).
    static func contents(_ repo: Repository, _ id: SnapshotID) async throws -> [[ChunkID]] {
        let snapshot = try await repo.loadSnapshot(id)
        let table = try await repo.loadPartitionTable(snapshot)
        var out: [[ChunkID]] = []
        for stack in table.stacks where !stack.isEmpty {
            var ids: [ChunkID] = []
            for ref in stack {
                for chunk in try await repo.loadLayer(ref.id).chunks {
                    ids.append(FileHash.id(of: try await repo.loadChunk(chunk)))
                }
            }
            out.append(ids)
        }
        return out
    }

    /// Total bytes of pack files.
    static func packBytes(_ backend: any Backend) async throws -> Int {
        try await backend.list(.pack).reduce(0) { $0 + $1.size }
    }
}

/// A backend that fails every mutating call after `budget` successful ones (a crash at that point:
/// the failing call has no effect), to test crash safety step by step.
final class CrashingBackend: Backend, @unchecked Sendable {
    // @unchecked: `remaining` is only touched under `lock`.
    let inner: any Backend
    private let lock = NSLock()
    private var remaining: Int

    init(wrapping inner: any Backend, budget: Int) {
        self.inner = inner
        self.remaining = budget
    }

    var location: String { inner.location }
    var properties: BackendProperties { inner.properties }

    private func spend() throws {
        let ok = lock.withLock {
            if remaining <= 0 { return false }
            remaining -= 1
            return true
        }
        if !ok { throw ArchiveStoreError(.io, "simulated crash") }
    }

    /// Mutating calls left before the crash.
    var budgetLeft: Int { lock.withLock { remaining } }

    func exists() async throws -> Bool { try await inner.exists() }
    func save(_ kind: FileKind, name: String, bytes: [UInt8]) async throws {
        try spend()
        try await inner.save(kind, name: name, bytes: bytes)
    }
    func create(_ kind: FileKind, name: String, bytes: [UInt8]) async throws -> Bool {
        try spend()
        return try await inner.create(kind, name: name, bytes: bytes)
    }
    func load(_ kind: FileKind, name: String, range: Range<Int>?) async throws -> [UInt8] {
        try await inner.load(kind, name: name, range: range)
    }
    func list(_ kind: FileKind) async throws -> [BackendFileInfo] { try await inner.list(kind) }
    func remove(_ kind: FileKind, name: String) async throws {
        try spend()
        try await inner.remove(kind, name: name)
    }
    func stat(_ kind: FileKind, name: String) async throws -> BackendFileInfo { try await inner.stat(kind, name: name) }
}
