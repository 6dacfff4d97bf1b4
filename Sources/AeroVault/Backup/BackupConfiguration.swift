import AerospikeWire
import ArchiveStore
import Foundation

/// What to back up and how; built by `aerovault backup` from its flags.
public struct BackupConfiguration: Sendable {
    /// Namespace to back up.
    public var namespace: String
    /// Sets to back up; empty means every set (and records without a set).
    public var sets: [String] = []
    /// Bins to back up; nil means all bins.
    public var binNames: [String]? = nil
    /// Partitions to back up.
    public var partitions: PartitionSelection = .all
    /// Partition workers scanning at once (`--parallel`, default 16).
    public var parallel: Int = 16
    /// Partitions one scan request covers; nil = the selected partitions split into `parallel` groups
    /// of at most 64 (SPEC.md §14 "backup", "Scans").
    public var partitionsPerScan: Int? = nil
    /// Server-side scan rate limit per scan request (`--records-per-second`); nil = unlimited.
    public var recordsPerSecond: Int? = nil
    /// Only records last updated at or after this time (ns since the Unix epoch).
    public var modifiedAfter: UInt64? = nil
    /// Only records last updated before this time (ns since the Unix epoch).
    public var modifiedBefore: UInt64? = nil
    /// Only records that never expire.
    public var noTTLOnly = false
    /// Take a full snapshot even when a matching parent exists (`--full`).
    public var forceFull = false
    /// `--parent ID`: build the incremental on this snapshot (id, prefix or `latest`) instead of choosing.
    public var parentID: String? = nil
    /// Free-form tags stored in the snapshot.
    public var tags: [String] = []
    /// Merge a partition's layer stack into one layer when it would grow past this depth.
    public var compactionThreshold = 8
    /// Memory for sort buffers of all workers together; past it runs spill to sealed temp files.
    public var sortMemoryBudget = 256 * 1024 * 1024
    /// Directory for sort spill files.
    public var temporaryDirectory = FileManager.default.temporaryDirectory
    /// Seconds between checkpoints (a checkpoint flushes the repository).
    public var checkpointInterval: Double = 5
    /// Also checkpoint after this many finished partitions.
    public var checkpointEveryPartitions = 256
    /// Host name stored in the snapshot.
    public var hostname = ProcessInfo.processInfo.hostName
    /// `--worker I/N --run-id NAME`: back up only this share of ``partitions`` and save a run part
    /// instead of a snapshot (SPEC.md §14 "backup", "Workers"); nil = one process backs up everything.
    public var worker: BackupWorker? = nil

    // asbackup's content switches and limits (SPEC.md §14 "backup", "asbackup's flags").

    /// `--no-records`: store the secondary indexes and UDFs only; no partition is scanned.
    public var noRecords = false
    /// `--no-indexes`: store no secondary index definitions.
    public var noIndexes = false
    /// `--no-udfs`: store no UDF modules.
    public var noUDFs = false
    /// `--no-bins`: scan keys and metadata only (the server sends no bin data).
    public var noBins = false
    /// `--max-records N`: stop storing records after N; the snapshot is *limited* (never a parent,
    /// never picked by `latest`).
    public var maxRecords: Int? = nil
    /// `--filter-exp`: the user's expression, ANDed with the backup's own filters.
    public var filterExpression: FilterExpression? = nil
    /// `--nice`: cap on bytes per second read from the cluster (reply frames); nil = unlimited.
    public var readBytesPerSecond: Int? = nil
    /// `--max-retries`: scans of a group after its first failed one.
    public var scanRetries = 2
    /// `--sleep-between-retries`: the wait before each scan retry; nil = 200 ms × the attempt number.
    public var retryDelay: Duration? = nil
    /// `--total-timeout`: one scan request (a group) may take this long before it fails (and is
    /// retried); checked as each reply frame arrives. nil = no limit.
    public var totalTimeout: Duration? = nil

    /// True when the snapshot holds less than its scope says: `--no-records` or `--max-records`.
    var isLimited: Bool { noRecords || maxRecords != nil }

    /// The partitions this process scans: ``partitions``, narrowed to the worker's share.
    var scannedPartitions: [Int] { worker.map { $0.share.narrowing(partitions.ids) } ?? partitions.ids }

    public init(namespace: String) {
        self.namespace = namespace
    }

    /// Checks the values a user can get wrong; throws ``AeroVaultError`` `.invalidArgument`.
    public func validate() throws {
        guard !namespace.isEmpty, namespace.utf8.count < 32 else {
            throw AeroVaultError(.invalidArgument, "namespace name '\(namespace)' must be 1 to 31 bytes")
        }
        for set in sets where set.isEmpty || set.utf8.count > 63 {
            throw AeroVaultError(.invalidArgument, "set name '\(set)' must be 1 to 63 bytes")
        }
        for bin in binNames ?? [] where bin.isEmpty || bin.utf8.count > 15 {
            throw AeroVaultError(.invalidArgument, "bin name '\(bin)' must be 1 to 15 bytes")
        }
        guard (1...256).contains(parallel) else {
            throw AeroVaultError(.invalidArgument, "--parallel must be between 1 and 256, not \(parallel)")
        }
        if let partitionsPerScan, !(1...Digest.partitionCount).contains(partitionsPerScan) {
            throw AeroVaultError(.invalidArgument, "partitions per scan must be between 1 and 4096, not \(partitionsPerScan)")
        }
        if let recordsPerSecond, recordsPerSecond <= 0 {
            throw AeroVaultError(.invalidArgument, "--records-per-second must be positive")
        }
        if let after = modifiedAfter, let before = modifiedBefore, after >= before {
            throw AeroVaultError(.invalidArgument, "--modified-after must be earlier than --modified-before")
        }
        if forceFull, parentID != nil {
            throw AeroVaultError(.invalidArgument, "--full and --parent contradict each other; give one of them")
        }
        guard compactionThreshold >= 1 else {
            throw AeroVaultError(.invalidArgument, "--compaction-threshold must be at least 1")
        }
        try validateAsbackupFlags()
    }

    /// Sets sorted and de-duplicated, as stored in snapshots and compared with a parent's.
    var normalizedSets: [String] { Array(Set(sets)).sorted() }
    /// Bin filter sorted and de-duplicated; nil = all bins.
    var normalizedBins: [String]? { binNames.map { Array(Set($0)).sorted() } }

    /// Identifies "the same backup" for resuming from a checkpoint: a canonical text of every argument
    /// that changes what the snapshot contains (SPEC.md §17.6 "Name"). The checkpoint file
    /// is named by the repository's keyed hash of it, so the name reveals nothing.
    func checkpointFingerprint(clusterName: String, nodes: [String], parent: SnapshotID?, full: Bool) -> [UInt8] {
        func quote(_ s: String) -> String {
            s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: ",", with: "%2C")
                .replacingOccurrences(of: "\n", with: "%0A")
        }
        let lines = [
            "aerovault-backup-checkpoint 1",
            "cluster=\(quote(clusterName))",
            "nodes=\(nodes.map(quote).joined(separator: ","))",
            "namespace=\(quote(namespace))",
            "sets=\(normalizedSets.map(quote).joined(separator: ","))",
            "bins=\(normalizedBins.map { $0.map(quote).joined(separator: ",") } ?? "*")",
            "partitions=\(partitions)",
            "modified-after=\(modifiedAfter.map(String.init) ?? "-")",
            "modified-before=\(modifiedBefore.map(String.init) ?? "-")",
            "no-ttl-only=\(noTTLOnly)",
            "parent=\(parent?.hex ?? "-")",
            "full=\(full)",
        ]
        // Only workers and asbackup's content flags add lines, so other checkpoints keep their names.
        let workerLines = worker.map { ["run=\(quote($0.runID))", "worker=\($0.share)"] } ?? []
        return Array((lines + workerLines + contentLines).joined(separator: "\n").utf8)
    }
}
