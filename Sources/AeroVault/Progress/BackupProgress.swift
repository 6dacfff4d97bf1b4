/// Receives the backup engine's progress; the engine never prints, so the CLI alone decides between
/// a progress bar, JSON lines and silence.
///
/// `report` is called from the engine's worker tasks, possibly concurrently: conformers must be
/// thread-safe and must return quickly (render elsewhere, or throttle).
public protocol BackupProgress: Sendable {
    func report(_ event: BackupEvent)
}

/// A progress sink that drops every event.
public struct SilentBackupProgress: BackupProgress {
    public init() {}
    public func report(_ event: BackupEvent) {}
}

/// One thing that happened during a backup.
public enum BackupEvent: Sendable, Equatable {
    /// The plan is known: which partitions will be scanned and which were finished by an earlier run.
    case started(BackupStart)
    /// One partition's layer (or reuse) is done.
    case partitionFinished(PartitionReport)
    /// Repository flushed and checkpoint written; a rerun continues from here.
    case checkpointWritten(partitionsDone: Int)
    /// A record the engine could not map; it is counted and the backup ends with exit status 3.
    case recordFailed(partition: Int, digestHex: String, message: String)
    /// Something worth telling the user that does not stop the backup (e.g. a scan retried).
    case warning(String)
}

/// What a backup is about to do.
public struct BackupStart: Sendable, Equatable, Codable {
    /// `full` or `incremental`.
    public var mode: BackupMode
    /// Parent snapshot id (hex) for an incremental backup.
    public var parent: String?
    /// Partitions selected.
    public var partitionsTotal: Int
    /// Partitions already finished by an interrupted earlier run (from its checkpoint).
    public var partitionsResumed: Int
    /// Scan window start: records changed at or after this time (ns since the Unix epoch) were scanned.
    public var scanStart: UInt64

    public init(mode: BackupMode, parent: String?, partitionsTotal: Int, partitionsResumed: Int, scanStart: UInt64) {
        self.mode = mode
        self.parent = parent
        self.partitionsTotal = partitionsTotal
        self.partitionsResumed = partitionsResumed
        self.scanStart = scanStart
    }
}

/// Whether a snapshot holds every record or only the changes since its parent.
public enum BackupMode: String, Sendable, Codable, Equatable {
    case full
    case incremental
}

/// The outcome of one partition.
public struct PartitionReport: Sendable, Equatable, Codable {
    public var partition: Int
    /// Records written to the new layer (0 when reused).
    public var records: Int
    /// Tombstones written to the new layer.
    public var tombstones: Int
    /// True when the parent's layers were reused unchanged.
    public var reused: Bool
    /// True when the stack was merged into one fresh layer.
    public var compacted: Bool
    /// Encoded (plaintext) bytes written to the new layer.
    public var plainBytes: Int
    /// Scan requests that covered this partition (1 for full, 2 for incremental, more after retries;
    /// one request covers a group of partitions, SPEC.md §14 "backup").
    public var scans: Int

    public init(
        partition: Int, records: Int, tombstones: Int, reused: Bool, compacted: Bool, plainBytes: Int, scans: Int
    ) {
        self.partition = partition
        self.records = records
        self.tombstones = tombstones
        self.reused = reused
        self.compacted = compacted
        self.plainBytes = plainBytes
        self.scans = scans
    }
}
