import ArchiveStore

/// What `backup --dry-run` found (SPEC.md §14 "backup", "Dry run").
public struct BackupDryRun: Sendable, Equatable, Codable {
    public var mode: BackupMode
    /// The parent the backup would build on (hex id), nil for a full backup.
    public var parent: String?
    /// Why it would be full (as ``BackupSummary/noParent``).
    public var noParent: String?
    /// Live records the snapshot would hold.
    public var snapshotRecords: Int
    /// Records and tombstones it would write (an incremental writes only the changed ones).
    public var records: Int
    public var tombstones: Int
    /// Chunks not yet in the repository, and their bytes before compression and encryption.
    public var newChunks: Int
    public var newBytes: Int
}

extension BackupEngine {
    /// Scans and chunks exactly as ``run()`` would and reports what it would store, through a
    /// ``DryRunRepository``: nothing is written to the repository (no chunk, checkpoint or snapshot;
    /// the caller takes no lock). A dry run never compacts a layer stack: that would read back data
    /// chunks it did not keep.
    public func dryRun() async throws -> BackupDryRun {
        guard configuration.worker == nil else {
            throw AeroVaultError(.invalidArgument, "a --dry-run backup takes no --worker")
        }
        let overlay = DryRunRepository(base: repository)
        var config = configuration
        config.compactionThreshold = .max
        let engine = BackupEngine(cluster: cluster, repository: overlay, configuration: config, progress: progress, clock: clock)
        let scanned = try await engine.scan { source in
            try await ParentSnapshot.choose(in: overlay, configuration: config, source: source)
        }
        _ = try await engine.commit(scanned.run, outcomes: scanned.outcomes, metadata: scanned.metadata)
        let outcomes = Array(scanned.outcomes.values)
        return BackupDryRun(
            mode: scanned.run.mode, parent: scanned.run.parent?.id.hex, noParent: scanned.whyFull,
            snapshotRecords: outcomes.reduce(0) { $0 + $1.visibleRecords }, records: outcomes.reduce(0) { $0 + $1.records },
            tombstones: outcomes.reduce(0) { $0 + $1.tombstones }, newChunks: await overlay.newChunks,
            newBytes: await overlay.newBytes)
    }
}
