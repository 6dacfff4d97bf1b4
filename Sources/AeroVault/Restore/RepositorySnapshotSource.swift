import ArchiveStore
import Foundation

/// A snapshot's records read from a repository: each partition's layer stack merged by ``LayerMerger``.
public struct RepositorySnapshotSource: SnapshotRecordSource {
    let loader: any SnapshotLister
    let table: PartitionTable

    /// Loads the snapshot's partition table (16 tree chunks).
    /// - Throws: ``ArchiveStoreError`` `.corrupted` / `.notFound` naming the damaged chunk.
    public init(loader: any SnapshotLister, snapshot: Snapshot) async throws {
        self.loader = loader
        self.table = try await loader.loadPartitionTable(snapshot)
    }

    public func forEachRecord(partition: Int, _ body: (ArchiveRecord) async throws -> Void) async throws {
        let stack = table.stacks[partition]
        guard !stack.isEmpty else { return }
        try await LayerMerger(loader: loader, stack: stack).forEach(body)
    }

    public func forEachRecordView(partition: Int, _ body: (RecordView) async throws -> Void) async throws {
        let stack = table.stacks[partition]
        guard !stack.isEmpty else { return }
        try await LayerMerger(loader: loader, stack: stack).forEachView(body)
    }

    public func estimatedRecordCount(partition: Int) -> Int {
        table.stacks[partition].reduce(0) { $0 + Int($1.recordCount) }
    }

    /// Loads the layer lists of `partitions` (32 at a time) and asks the repository which of their
    /// chunks it cannot read (SPEC.md §14 "restore": nothing is written unless all can be).
    public func unavailableChunks(partitions: [Int]) async throws -> [UnavailableChunk] {
        var seen = Set<ChunkID>()
        let layers = partitions.flatMap { table.stacks[$0].map(\.id) }.filter { seen.insert($0).inserted }
        var out: [UnavailableChunk] = []
        var chunks: [ChunkID] = []
        for start in stride(from: 0, to: layers.count, by: 32) {
            let group = layers[start..<min(layers.count, start + 32)]
            let loaded = try await withThrowingTaskGroup(of: (ChunkID, Result<Layer, ArchiveStoreError>).self) { tasks in
                for id in group {
                    tasks.addTask {
                        do { return (id, .success(try await loader.loadLayer(id))) } catch let e as ArchiveStoreError
                        where e.code == .notFound || e.code == .corrupted { return (id, .failure(e)) }
                    }
                }
                return try await tasks.reduce(into: [ChunkID: Result<Layer, ArchiveStoreError>]()) { $0[$1.0] = $1.1 }
            }
            for id in group {
                switch loaded[id] {
                case .success(let layer)?: chunks += layer.chunks
                case .failure(let error)?: out.append(UnavailableChunk(chunk: id, reason: "layer: \(error.message)"))
                case nil: break
                }
            }
        }
        var unique = Set<ChunkID>()
        chunks = chunks.filter { unique.insert($0).inserted }
        for (chunk, reason) in try await loader.unavailableChunks(chunks) {
            out.append(UnavailableChunk(chunk: chunk, reason: reason))
        }
        return out
    }
}
