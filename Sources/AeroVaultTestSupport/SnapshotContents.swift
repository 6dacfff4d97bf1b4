import ArchiveStore

/// Reads a snapshot's merged records, for assertions (AeroVaultIntegrationTests compares them with a
/// simulator's data).
public enum SnapshotContents {
    /// Every live record of the snapshot (layers merged, newest wins, tombstones dropped), by digest.
    public static func records(of id: SnapshotID, in repository: Repository) async throws -> [[UInt8]: ArchiveRecord] {
        let snapshot = try await repository.loadSnapshot(id)
        let table = try await repository.loadPartitionTable(snapshot)
        var out: [[UInt8]: ArchiveRecord] = [:]
        for stack in table.stacks where !stack.isEmpty {
            try await LayerMerger(loader: repository, stack: stack).forEach { out[$0.digest] = $0 }
        }
        return out
    }
}
