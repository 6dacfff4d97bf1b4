import ArchiveStore
import Foundation

/// What one worker of a many-worker run did (SPEC.md §14 "backup", "Workers").
public struct WorkerResult: Sendable {
    public var runID: String
    public var share: WorkerShare
    /// The backup of this worker's partitions; nil when nothing was scanned (its part was already
    /// saved, or the run already assembled).
    public var summary: BackupSummary?
    /// This worker's part (hex id); nil when the run was already assembled.
    public var partID: String?
    /// The assembly attempt; nil with `assemble: false` (`--no-assemble`).
    public var assembly: RunAssembly?
}

extension BackupEngine {
    /// Backs up this worker's share (``BackupConfiguration/worker``), saves its part, then — unless
    /// `assemble` is false — assembles the run if its part completed the set.
    /// - Throws: as ``run()``; `.invalidArgument` when the run's saved parts have another N or other
    ///   arguments.
    public func runWorker(assemble: Bool = true) async throws -> WorkerResult {
        guard let worker = configuration.worker else {
            throw AeroVaultError(.invalidArgument, "runWorker() needs a configuration with --worker and --run-id")
        }
        try configuration.validate()
        var result = WorkerResult(runID: worker.runID, share: worker.share)
        let assembler = RunAssembler(repository: repository, runID: worker.runID, namespace: configuration.namespace)
        let parts = try await RunParts.load(worker.runID, from: repository)  // before the snapshot: see assemble()
        if try await RunAssembler.snapshot(of: worker.runID, in: repository) != nil {
            result.assembly = try await assembler.assemble()  // .alreadyAssembled, after removing leftovers
            return result
        }
        if let workers = parts.workers, workers != worker.share.count {
            throw AeroVaultError(
                .invalidArgument,
                "run '\(worker.runID)' has parts of \(workers) workers; --worker \(worker.share) does not belong to it")
        }
        if let mine = parts.byWorker[worker.share.index] {
            result.partID = mine.name
        } else {
            let scanned = try await scan { source in try await self.workerParent(source: source, existing: parts) }
            let part = try await savePart(scanned, worker: worker)
            try? await repository.removeCheckpoint(name: scanned.run.checkpointName)
            var summary = try await summary(
                scanned.run, outcomes: scanned.outcomes, snapshotID: nil, failed: scanned.failedRecords,
                resumed: scanned.resumed, duration: clock.now().timeIntervalSince(scanned.run.started))
            summary.noParent = scanned.whyFull
            result.summary = summary
            result.partID = part.hex
        }
        if assemble { result.assembly = try await assembler.assemble() }
        return result
    }

    /// The run's parent: the one the run's saved parts used (so late and rerun workers agree with
    /// early ones), else chosen as for one process with the whole selection. Refuses a worker whose
    /// arguments differ from the saved parts'.
    private func workerParent(source: ParentSnapshot.Source, existing: RunParts) async throws -> ParentSnapshot.Choice {
        guard let saved = existing.all.first?.part, let worker = configuration.worker else {
            return try await ParentSnapshot.choose(in: repository, configuration: configuration, source: source)
        }
        let choice: ParentSnapshot.Choice
        if let parent = saved.parent {
            choice = .init(
                parent: try await ParentSnapshot.named(parent.hex, in: repository, configuration: configuration), whyFull: nil)
        } else {
            choice = .init(parent: nil, whyFull: "the saved parts of run '\(worker.runID)' are full backups")
        }
        let mine = runPart(
            worker: worker, source: source, parent: choice.parent, started: clock.now(), scanStart: saved.scanStart,
            clusterMetadata: saved.clusterMetadata, failedRecords: 0, outcomes: [])
        let differences = mine.differences(from: saved)
        guard differences.isEmpty else {
            throw AeroVaultError(
                .invalidArgument,
                "this worker's arguments differ from the saved parts of run '\(worker.runID)': "
                    + "\(differences.joined(separator: ", ")); give every worker of a run the same arguments")
        }
        return choice
    }

    /// Saves the cluster metadata, flushes (every chunk the part names is durable and indexed), then
    /// saves the part (SPEC.md §11 step 6).
    private func savePart(_ scanned: ScannedRun, worker: BackupWorker) async throws -> ID32 {
        let metadataID = try await repository.saveChunk(try scanned.metadata.encode(), type: .tree).id
        try await repository.flush()
        let run = scanned.run
        let part = runPart(
            worker: worker, source: run.source, parent: run.parent, started: run.started, scanStart: run.scanStart,
            clusterMetadata: metadataID, failedRecords: scanned.failedRecords,
            outcomes: scanned.outcomes.values.sorted { $0.partition < $1.partition })
        return try await repository.saveRunPart(body: try part.encode())
    }

    private func runPart(
        worker: BackupWorker, source: ParentSnapshot.Source, parent: ParentSnapshot?, started: Date, scanStart: UInt64,
        clusterMetadata: ChunkID, failedRecords: Int, outcomes: [PartitionOutcome]
    ) -> RunPart {
        RunPart(
            run: worker.runID, worker: worker.share.index, workers: worker.share.count,
            time: UInt64(max(0, started.timeIntervalSince1970 * 1e9)), host: configuration.hostname,
            username: ProcessInfo.processInfo.environment["USER"] ?? "", clusterName: source.clusterName,
            clusterNodes: source.nodes, namespace: configuration.namespace, sets: configuration.normalizedSets,
            bins: configuration.normalizedBins, partitions: configuration.partitions.description,
            modifiedAfter: configuration.modifiedAfter, modifiedBefore: configuration.modifiedBefore,
            noTTLOnly: configuration.noTTLOnly, compactionThreshold: configuration.compactionThreshold,
            tags: configuration.tags, mode: parent == nil ? .full : .incremental, parent: parent?.id,
            parentScanStart: parent?.parameters.scanStart, scanStart: scanStart, clusterMetadata: clusterMetadata,
            failedRecords: failedRecords, outcomes: outcomes)
    }
}
