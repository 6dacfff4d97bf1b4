import AerospikeWire
import ArchiveStore
import Foundation

/// Takes full and incremental snapshots of a namespace from a live cluster (SPEC.md §14 "backup").
///
/// Partitions are scanned in groups (``BackupConfiguration/parallel`` groups at once), one scan
/// covering a whole group; then per partition: full — sorted by digest, one layer plus the
/// partition's digest list; incremental — a changed-record scan (last-update time ≥ parent scan
/// start − 2 s), then a digest-only scan, tombstones for deleted digests, the parent's layers reused
/// when nothing changed. The manifest is saved last, after the repository is flushed,
/// so a snapshot exists whole or not at all. Checkpoints (every few seconds) let a rerun with the same
/// arguments skip finished partitions.
///
/// The engine never prints; it reports through ``BackupProgress``. Cancellation (task cancel, Ctrl-C)
/// writes a final checkpoint when it can and throws ``AeroVaultError`` `.cancelled`.
public final class BackupEngine: Sendable {
    let cluster: any BackupSource
    let repository: any BackupRepository
    let configuration: BackupConfiguration
    let progress: any BackupProgress
    let clock: any BackupClock
    /// Seals sort spill files with a key that lives only in this process.
    let spillCipher = EphemeralSpillCipher()
    /// `--nice`: paces the reply frames read from the cluster; nil = unlimited.
    let readLimiter: ReadRateLimiter?

    /// - Parameters:
    ///   - cluster: where records come from: a connected ``Cluster`` (see ``connect(_:)``), or a fake.
    ///   - repository: an open repository (the caller holds its lock), or a stand-in.
    ///   - clock: this host's clock (snapshot time, checkpoint timing, retry backoff).
    public init(
        cluster: any BackupSource, repository: any BackupRepository, configuration: BackupConfiguration,
        progress: any BackupProgress = SilentBackupProgress(), clock: any BackupClock = SystemBackupClock()
    ) {
        self.cluster = cluster
        self.repository = repository
        self.configuration = configuration
        self.progress = progress
        self.clock = clock
        self.readLimiter = configuration.readBytesPerSecond.map { ReadRateLimiter(bytesPerSecond: $0, clock: clock) }
    }

    /// The command-line flags that set up TLS (asbackup's names), named in TLS errors.
    static let tlsFlagNames = "--tls-enable, --tls-cafile, --tls-name, --tls-certfile, --tls-keyfile"

    /// Connects to a cluster, turning wire failures into clear ``AeroVaultError``s.
    /// - Throws: `.clusterUnreachable` when no seed answers or TLS fails (with the TLS flags to check),
    ///   `.authentication` when login is refused.
    public static func connect(_ config: ClusterConfig) async throws -> Cluster {
        do {
            return try await Cluster.connect(config)
        } catch let error as WireError {
            let seeds = config.seeds.map(\.description).joined(separator: ", ")
            switch error.code {
            case .notAuthenticated where config.authMode == .pki:
                throw AeroVaultError(
                    .authentication,
                    "the cluster refused the PKI login: the common name of --tls-certfile's certificate must be "
                        + "a user of the cluster", cause: error)
            case .notAuthenticated where config.user == nil:
                throw AeroVaultError(
                    .authentication,
                    "the cluster at \(seeds) requires a login: pass --user (-U) and the password "
                        + "($AEROVAULT_CLUSTER_PASSWORD, --password-env VAR or -P)", cause: error)
            case .notAuthenticated:
                throw AeroVaultError(
                    .authentication,
                    "the cluster refused the login of user '\(config.user ?? "")': check --user and the password", cause: error)
            case .clusterNameMismatch:
                throw AeroVaultError(.clusterUnreachable, "\(error.message)", cause: error)
            case .tls:
                // A setup problem, not an unreachable cluster: say so with the flags to check.
                throw AeroVaultError(
                    .clusterUnreachable, "TLS: \(error.message) (TLS flags: \(Self.tlsFlagNames))", cause: error.cause)
            default:
                throw AeroVaultError(
                    .clusterUnreachable, "cannot reach the cluster at \(seeds): check --host and that the nodes are up",
                    cause: error)
            }
        }
    }

    /// Every node of a cluster we were connected to stopped answering.
    static func unreachable(_ error: WireError) -> AeroVaultError {
        AeroVaultError(
            .clusterUnreachable, "the cluster is unreachable: no node answers (\(error.message)); check that the nodes are up",
            cause: error)
    }

    /// Runs the backup and saves the snapshot.
    /// - Returns: the summary; `failedRecords > 0` means some records could not be mapped (exit 3).
    /// - Throws: ``AeroVaultError`` (`.namespaceNotFound`, `.scanFailed`, `.cancelled` …) or a repository error;
    ///   no snapshot is saved then. A configuration with a ``BackupConfiguration/worker`` is refused:
    ///   run it with ``runWorker()``.
    public func run() async throws -> BackupSummary {
        guard configuration.worker == nil else {
            throw AeroVaultError(.invalidArgument, "a --worker backup saves a run part: use runWorker()")
        }
        let scanned = try await scan { source in
            try await ParentSnapshot.choose(in: self.repository, configuration: self.configuration, source: source)
        }
        let run = scanned.run
        let snapshotID = try await commit(run, outcomes: scanned.outcomes, metadata: scanned.metadata)
        try? await repository.removeCheckpoint(name: run.checkpointName)
        var result = try await summary(
            run, outcomes: scanned.outcomes, snapshotID: snapshotID, failed: scanned.failedRecords,
            resumed: scanned.resumed, duration: clock.now().timeIntervalSince(run.started))
        result.noParent = scanned.whyFull
        return result
    }

    /// What ``scan(choosingParent:)`` finished with: every scanned partition's outcome.
    struct ScannedRun {
        let run: RunContext
        let outcomes: [Int: PartitionOutcome]
        let failedRecords: Int
        /// Partitions an earlier, interrupted run had finished (taken from its checkpoint).
        let resumed: Set<Int>
        let metadata: ClusterMetadata
        let whyFull: String?
    }

    /// Checks the cluster, chooses the parent, resumes from a checkpoint and backs up every partition of
    /// ``BackupConfiguration/scannedPartitions``; saves nothing but chunks and checkpoints.
    func scan(
        choosingParent choose: (ParentSnapshot.Source) async throws -> ParentSnapshot.Choice
    ) async throws -> ScannedRun {
        try configuration.validate()
        let staleSpills = SpillRun.removeStale(in: configuration.temporaryDirectory)
        if !staleSpills.isEmpty {
            progress.report(
                .warning(
                    "removed \(staleSpills.count) sort spill files left by killed backups in "
                        + configuration.temporaryDirectory.path))
        }
        let started = clock.now()
        let clusterName = try await checkCluster()
        let source = ParentSnapshot.Source(clusterName: clusterName, nodes: try await cluster.nodeIdentities())
        let choice = try await choose(source)
        let parent = choice.parent
        let mode: BackupMode = parent == nil ? .full : .incremental
        let fingerprint = configuration.checkpointFingerprint(
            clusterName: clusterName, nodes: source.nodes, parent: parent?.id, full: parent == nil)
        let checkpointName = repository.chunkID(of: fingerprint).hex
        let resumed = await loadCheckpoint(name: checkpointName)
        var scanStart = resumed?.scanStart ?? 0
        if resumed == nil { scanStart = try await clusterScanStart() }
        var baseline = resumed?.baselineStoredBytes ?? 0
        if resumed == nil { baseline = try await storedChunkBytes() }
        let metadata = configuration.kept(try await cluster.clusterMetadata(namespace: configuration.namespace))

        let selected = configuration.scannedPartitions
        let resumedOutcomes = (resumed?.outcomes ?? []).filter { selected.contains($0.partition) }
        let groups = Self.scanGroups(
            selected, size: partitionsPerScan(selected: selected.count),
            masters: await cluster.partitionMasters(namespace: configuration.namespace))
        let schedule = BackupSchedule(
            groups: groups, alreadyFinished: Set(resumedOutcomes.map(\.partition)),
            checkpointInterval: configuration.checkpointInterval,
            checkpointEveryPartitions: configuration.checkpointEveryPartitions, now: now())
        let state = BackupRunState(
            schedule: schedule, resumed: resumedOutcomes, failedRecords: resumed?.failedRecords ?? 0,
            maxRecords: configuration.maxRecords)
        let run = RunContext(
            mode: mode, parent: parent, scanStart: scanStart, checkpointName: checkpointName, baseline: baseline,
            state: state, source: source, started: started)
        progress.report(
            .started(
                BackupStart(
                    mode: mode, parent: parent?.id.hex, partitionsTotal: selected.count,
                    partitionsResumed: resumedOutcomes.count, scanStart: scanStart)))

        do {
            try await runWorkers(run)
        } catch {
            await saveFinalCheckpoint(run)
            if error is CancellationError || Task.isCancelled {
                throw AeroVaultError(.cancelled, "the backup was interrupted; rerun the same command to continue", cause: error)
            }
            throw error
        }
        return ScannedRun(
            run: run, outcomes: await state.outcomes, failedRecords: await state.failedRecords,
            resumed: Set(resumedOutcomes.map(\.partition)), metadata: metadata, whyFull: choice.whyFull)
    }

    /// What every worker of one run shares.
    struct RunContext: Sendable {
        let mode: BackupMode
        let parent: ParentSnapshot?
        let scanStart: UInt64
        let checkpointName: String
        let baseline: Int
        let state: BackupRunState
        /// The cluster name and node identities recorded in the snapshot.
        let source: ParentSnapshot.Source
        /// When this run started by the host's clock: the snapshot's `time` (ordering and display only;
        /// records are selected by ``scanStart``, from the cluster's clock).
        let started: Date
    }

    /// Checks the namespace exists and returns the cluster name.
    func checkCluster() async throws -> String {
        let namespaces: [String]
        do {
            namespaces = try await cluster.namespaces()
        } catch let error as WireError where [.connection, .noNodes, .timeout, .closed].contains(error.code) {
            throw Self.unreachable(error)
        }
        guard namespaces.contains(configuration.namespace) else {
            throw AeroVaultError(
                .namespaceNotFound,
                "namespace '\(configuration.namespace)' does not exist on the cluster (it has: \(namespaces.joined(separator: ", ")))")
        }
        return try await cluster.clusterName()
    }

    private func runWorkers(_ run: RunContext) async throws {
        let workers = min(configuration.parallel, max(1, configuration.scannedPartitions.count))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    while true {
                        let partitions = await run.state.take()
                        if partitions.isEmpty { break }
                        try Task.checkCancellation()
                        for (outcome, failures) in try await self.backUpGroup(partitions, run: run) {
                            self.progress.report(.partitionFinished(outcome.report))
                            if let due = await run.state.finish(outcome, failures: failures, now: self.now()) {
                                try await self.writeCheckpoint(run, outcomes: due)
                                await run.state.checkpointDone(now: self.now())
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Seconds since the Unix epoch by ``clock`` (the checkpoint schedule's time).
    func now() -> Double { clock.now().timeIntervalSince1970 }

    /// The scan start from the cluster's clock, never this host's (SPEC.md §14 "backup", "Scan start"):
    /// the earliest `current_time` over the nodes, in ns since the Unix epoch.
    func clusterScanStart() async throws -> UInt64 {
        do {
            return try await cluster.currentTime(namespace: configuration.namespace) * 1_000_000_000
        } catch {
            let what = "current_time of namespace/\(configuration.namespace)"
            throw AeroVaultError(.cluster, "cannot read the cluster's clock (\(what)): \(error)", cause: error)
        }
    }
}
