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
}
