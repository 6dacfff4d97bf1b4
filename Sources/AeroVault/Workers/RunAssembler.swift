import ArchiveStore
import Foundation

/// What an attempt to assemble a many-worker run came to (SPEC.md §14 "backup", "Workers", step 4).
public enum RunAssembly: Sendable, Equatable {
    /// This process saved the run's snapshot from `parts` parts.
    case assembled(SnapshotID, parts: Int)
    /// The run's snapshot already exists (leftover parts and claims were removed).
    case alreadyAssembled(SnapshotID)
    /// Workers `missing` (of `workers`) have saved no part yet.
    case waiting(missing: [Int], workers: Int)
    /// Another live process holds the run's assembly claim (`holder`: "PID 812 on host b1 since …").
    case assemblingElsewhere(holder: String)
}

/// Builds a many-worker run's snapshot from its parts, exactly as one process backing up the whole
/// selection would (``SnapshotCommit``), once all N parts are saved. Who assembles is decided by
/// creating the run's assembly claim (SPEC.md §11 "Many workers, one snapshot", §17.8).
public struct RunAssembler: Sendable {
    let repository: any BackupRepository
    let runID: String
    /// The namespace the caller expects the run to back up; nil accepts the parts' own.
    let namespace: String?

    public init(repository: any BackupRepository, runID: String, namespace: String?) {
        self.repository = repository
        self.runID = runID
        self.namespace = namespace
    }

    /// Assembles the run if every part is saved and no live process is assembling it.
    /// - Throws: `.notFound` when the run has neither parts nor a snapshot; `.invalidArgument` when its
    ///   parts disagree or are of another namespace; `.corrupted` when they do not cover the selection.
    public func assemble() async throws -> RunAssembly {
        // Parts first, then the snapshot: an assembler removes parts only after saving the snapshot, so
        // parts that vanished while we listed them mean the snapshot is there.
        let parts = try await RunParts.load(runID, from: repository)
        if let id = try await Self.snapshot(of: runID, in: repository) {
            try await removeLeftovers(parts)
            return .alreadyAssembled(id)
        }
        guard let workers = parts.workers else {
            throw AeroVaultError(
                .notFound, "run '\(runID)' has no saved parts and no snapshot in this repository; check --run-id")
        }
        try parts.checkConsistent(namespace: namespace)
        let missing = parts.missing
        guard missing.isEmpty else { return .waiting(missing: missing, workers: workers) }
        if let holder = try await claim() { return .assemblingElsewhere(holder: holder) }
        // A process that assembled between our first look and our claim has removed its claim.
        if let id = try await Self.snapshot(of: runID, in: repository) {
            try await removeLeftovers(parts)
            return .alreadyAssembled(id)
        }
        let id = try await commit(parts)
        try await removeLeftovers(parts)
        return .assembled(id, parts: workers)
    }

    /// The snapshot assembled from run `runID`, if any.
    static func snapshot(of runID: String, in repository: any BackupRepository) async throws -> SnapshotID? {
        try await repository.listSnapshots().first { $0.snapshot.run == runID }?.id
    }

    /// The name of claim `attempt` (SPEC.md §17.8): a keyed hash, so it reveals nothing.
    func claimName(attempt: Int) -> String {
        repository.chunkID(of: Array("aerovault-run-assembly 1\nrun=\(runID)\nattempt=\(attempt)".utf8)).hex
    }

    /// Creates the first claim not held by a stale holder; nil when this process holds it, else the
    /// live holder ("PID 812 on host b1 since …"). An unreadable claim counts as stale, like a lock.
    private func claim() async throws -> String? {
        var attempt = 1
        while true {
            let name = claimName(attempt: attempt)
            let holder: LockInfo?
            do {
                holder = try await repository.loadAssemblyClaim(name: name)
            } catch let error as ArchiveStoreError where error.code == .corrupted {
                attempt += 1
                continue
            }
            if let holder {
                if !holder.isStale() { return Self.describe(holder) }
                attempt += 1
                continue
            }
            let mine = LockInfo.current(exclusive: true)
            if try await repository.createAssemblyClaim(name: name, info: mine) {
                // Where the server's create-if-absent is not atomic (SPEC.md §6, §17.8), two processes
                // can both create the claim; the last write stays. Read it back after a pause: only the
                // process that finds its own claim assembles.
                try await Task.sleep(for: Self.claimSettlingTime)
                let held = (try? await repository.loadAssemblyClaim(name: name)).flatMap { $0 }
                if let held, held.host == mine.host, held.pid == mine.pid { return nil }
                return held.map(Self.describe) ?? "another process"
            }
            // Another process created this attempt between our look and our create: it assembles.
            return (try? await repository.loadAssemblyClaim(name: name)).flatMap { $0 }.map(Self.describe)
                ?? "another process"
        }
    }

    /// How long a new claim settles before it is read back (as restic waits before checking its lock).
    static let claimSettlingTime: Duration = .milliseconds(200)

    static func describe(_ holder: LockInfo) -> String {
        "PID \(holder.pid) on host \(holder.host) since \(LockInfo.format(holder.time))"
    }

    /// One snapshot from one part per worker: the union of their outcomes, the earliest scan start.
    private func commit(_ parts: RunParts) async throws -> SnapshotID {
        let chosen = parts.byWorker.sorted { $0.key < $1.key }.map(\.value.part)
        let first = chosen[0]
        let configuration = try first.configuration()
        var outcomes: [Int: PartitionOutcome] = [:]
        for part in chosen {
            for outcome in part.outcomes where outcomes.updateValue(outcome, forKey: outcome.partition) != nil {
                throw AeroVaultError(.corrupted, "partition \(outcome.partition) is in two parts of run '\(runID)'")
            }
        }
        guard outcomes.keys.sorted() == configuration.partitions.ids else {
            throw AeroVaultError(
                .corrupted,
                "the parts of run '\(runID)' cover partitions \(Self.compact(outcomes.keys.sorted())), not the run's "
                    + "selection \(configuration.partitions)")
        }
        let draft = SnapshotDraft(
            configuration: configuration, mode: first.mode, parent: first.parent, parentScanStart: first.parentScanStart,
            scanStart: chosen.map(\.scanStart).min() ?? first.scanStart,
            source: ParentSnapshot.Source(clusterName: first.clusterName, nodes: first.clusterNodes),
            started: chosen.map(\.startDate).min() ?? first.startDate, username: first.username, run: runID)
        return try await SnapshotCommit.save(draft, outcomes: outcomes, clusterMetadata: first.clusterMetadata, in: repository)
    }

    private static func compact(_ ids: [Int]) -> String {
        ((try? PartitionSelection(ids: ids))?.description) ?? "none"
    }

    /// Removes every claim of the run and every part of it, once its snapshot is saved.
    private func removeLeftovers(_ parts: RunParts) async throws {
        var attempt = 1
        while true {
            let name = claimName(attempt: attempt)
            guard try await repository.runFileExists(.assemblyClaim, name: name) else { break }
            try await repository.removeRunFile(.assemblyClaim, name: name)
            attempt += 1
        }
        for entry in parts.all { try await repository.removeRunFile(.runPart, name: entry.name) }
    }
}
