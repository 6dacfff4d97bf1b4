/// The result of a finished backup, as printed by `aerovault backup` (text, or JSON with `--json`).
public struct BackupSummary: Sendable, Equatable, Codable {
    /// The new snapshot's id (hex).
    public var snapshotID: String
    /// The parent snapshot's id (hex) for an incremental backup.
    public var parent: String?
    public var mode: BackupMode
    /// Records visible in the snapshot (after merging its layers).
    public var snapshotRecords: Int
    /// Records written to this snapshot's new layers (full: all records).
    public var records: Int
    /// Tombstones written for records deleted since the parent.
    public var tombstones: Int
    /// Partitions that got a new layer.
    public var partitionsChanged: Int
    /// Partitions whose parent layers were reused unchanged.
    public var partitionsReused: Int
    /// Partitions finished by an interrupted earlier run and not scanned again.
    public var partitionsResumed: Int
    /// Partitions whose stack was compacted into one layer.
    public var partitionsCompacted: Int
    /// Scan requests this run sent.
    public var scans: Int
    /// Stored bytes new to the repository.
    public var bytesNew: Int
    /// Stored bytes of chunks the repository already had.
    public var bytesReused: Int
    /// Records that could not be mapped (reported, never silently dropped; exit status 3).
    public var failedRecords: Int
    /// Wall-clock duration in seconds.
    public var durationSeconds: Double
    /// Scan window start, ns since the Unix epoch, from the cluster's clock.
    public var scanStart: UInt64
    /// Why a full backup has no parent (e.g. "no earlier snapshot of …"); nil for an incremental.
    public var noParent: String? = nil

    /// Records (plus tombstones) per second over the whole run.
    public var recordsPerSecond: Double {
        RecordRate.perSecond(records + tombstones, seconds: durationSeconds)
    }

    public init(
        snapshotID: String, parent: String?, mode: BackupMode, snapshotRecords: Int, records: Int, tombstones: Int,
        partitionsChanged: Int, partitionsReused: Int, partitionsResumed: Int, partitionsCompacted: Int,
        scans: Int, bytesNew: Int, bytesReused: Int, failedRecords: Int, durationSeconds: Double,
        scanStart: UInt64
    ) {
        self.snapshotID = snapshotID
        self.parent = parent
        self.mode = mode
        self.snapshotRecords = snapshotRecords
        self.records = records
        self.tombstones = tombstones
        self.partitionsChanged = partitionsChanged
        self.partitionsReused = partitionsReused
        self.partitionsResumed = partitionsResumed
        self.partitionsCompacted = partitionsCompacted
        self.scans = scans
        self.bytesNew = bytesNew
        self.bytesReused = bytesReused
        self.failedRecords = failedRecords
        self.durationSeconds = durationSeconds
        self.scanStart = scanStart
    }
}

/// The result of `aerovault backup --estimate`: extrapolated from a sample of partitions.
public struct BackupEstimate: Sendable, Equatable, Codable {
    public var partitionsSampled: Int
    public var recordsSampled: Int
    /// Estimated records in the selected partitions.
    public var estimatedRecords: Int
    /// Estimated encoded (uncompressed) bytes.
    public var estimatedPlainBytes: Int
    /// Estimated stored bytes after compression and sealing.
    public var estimatedStoredBytes: Int

    public init(
        partitionsSampled: Int, recordsSampled: Int, estimatedRecords: Int, estimatedPlainBytes: Int,
        estimatedStoredBytes: Int
    ) {
        self.partitionsSampled = partitionsSampled
        self.recordsSampled = recordsSampled
        self.estimatedRecords = estimatedRecords
        self.estimatedPlainBytes = estimatedPlainBytes
        self.estimatedStoredBytes = estimatedStoredBytes
    }
}
