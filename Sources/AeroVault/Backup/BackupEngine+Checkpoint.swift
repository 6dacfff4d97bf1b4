import ArchiveStore
import Foundation

/// Checkpoints: flush the repository, then save the finished partitions (SPEC.md §17.6; when: §14 "backup").
extension BackupEngine {
    /// The checkpoint of an earlier, interrupted run with the same arguments, if any. A damaged
    /// checkpoint is reported and ignored (the backup starts over; stored chunks still dedup).
    func loadCheckpoint(name: String) async -> BackupCheckpoint? {
        do {
            guard let body = try await repository.loadCheckpoint(name: name) else { return nil }
            return try BackupCheckpoint.decode(body)
        } catch {
            progress.report(.warning("ignoring an unreadable backup checkpoint (\(error)); starting over"))
            return nil
        }
    }

    /// Flushes the repository (so every chunk the outcomes reference is durable and indexed), then
    /// saves the checkpoint. Only outcomes finished before the flush started are included.
    func writeCheckpoint(_ run: RunContext, outcomes: [PartitionOutcome]) async throws {
        try await repository.flush()
        let checkpoint = BackupCheckpoint(
            mode: run.mode, parent: run.parent?.id.hex, scanStart: run.scanStart, baselineStoredBytes: run.baseline,
            failedRecords: await run.state.failedRecords, outcomes: outcomes.sorted { $0.partition < $1.partition })
        try await repository.saveCheckpoint(name: run.checkpointName, body: try checkpoint.encode())
        progress.report(.checkpointWritten(partitionsDone: outcomes.count))
    }

    /// After a failure or cancellation: save what finished so a rerun can continue. Runs in an
    /// unstructured task so a cancelled caller does not cancel the flush; errors are only reported.
    func saveFinalCheckpoint(_ run: RunContext) async {
        let outcomes = await run.state.snapshotForCheckpoint()
        guard !outcomes.isEmpty else { return }
        let task = Task { try await self.writeCheckpoint(run, outcomes: outcomes) }
        do {
            try await task.value
        } catch {
            progress.report(.warning("could not save a checkpoint after the failure: \(error)"))
        }
    }

    /// Sealed bytes of every indexed chunk: the repository's stored chunk bytes.
    func storedChunkBytes() async throws -> Int {
        await repository.indexedBytes()
    }
}
