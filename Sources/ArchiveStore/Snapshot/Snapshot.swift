import Foundation

/// A snapshot manifest (SPEC.md §9): what was backed up, when, from where, and where its records are.
///
/// Stored as `snapshots/<id>`: sealed JSON (label `"snapshot"`, version 1), id = BLAKE2b-256 of the
/// file. The per-partition layer stacks live in tree chunks named by ``partitionTable``, so the
/// manifest stays small and an incremental shares its parent's layers without copying them.
public struct Snapshot: Codable, Sendable, Equatable {
    public var time: Date
    public var host: String
    public var username: String
    public var tags: [String]
    /// The snapshot this one is incremental to (nil for a full backup).
    public var parent: SnapshotID?
    public var clusterName: String
    public var namespace: String
    /// Sets included (empty: all sets).
    public var sets: [String]
    /// Bins included (empty: all bins).
    public var binFilter: [String]
    /// The last-update-time window the scan covered.
    public var scanWindow: ScanWindow
    /// Live records visible in this snapshot (after merging layers).
    public var recordCount: UInt64
    /// Tombstones written by this snapshot's own layers.
    public var tombstoneCount: UInt64
    /// Plaintext bytes of records written by this snapshot's own layers.
    public var byteCount: UInt64
    /// Free-form metadata blobs (e.g. `"sindex"`, `"udf/<name>"`) stored as chunks.
    public var metadata: [String: ChunkID]
    /// Tree chunks holding the 4096-entry partition table (see ``PartitionTable``).
    public var partitionTable: [ChunkID]
    /// aerovault version that wrote the snapshot.
    public var programVersion: String
    /// The backup's scope beyond namespace, sets and bins (SPEC.md §9 "Scope"); nil in snapshots
    /// written before scopes were recorded, which readers treat as the whole namespace.
    public var scope: SnapshotScopeFields?
    /// For a snapshot made by `copy`: the id of the snapshot it was copied from, or that one's own
    /// `original` (SPEC.md §9); nil for a snapshot written by a backup.
    public var original: SnapshotID?
    /// The key file that wrote the snapshot and its role (SPEC.md §9 "Audit"); set by
    /// ``Repository/saveSnapshot(_:)`` from the session's key, nil in snapshots written before.
    public var keyID: KeyID?
    public var keyRole: String?
    /// For a snapshot assembled from the parts of a many-worker backup run: the run id (SPEC.md §9,
    /// §14 "backup", "Workers"); nil otherwise.
    public var run: String?

    public init(
        time: Date = Date(), host: String = ProcessInfo.processInfo.hostName,
        username: String = ProcessInfo.processInfo.environment["USER"] ?? "", tags: [String] = [],
        parent: SnapshotID? = nil, clusterName: String = "", namespace: String, sets: [String] = [],
        binFilter: [String] = [], scanWindow: ScanWindow = ScanWindow(), recordCount: UInt64 = 0,
        tombstoneCount: UInt64 = 0, byteCount: UInt64 = 0, metadata: [String: ChunkID] = [:],
        partitionTable: [ChunkID] = [], programVersion: String = ""
    ) {
        self.time = time
        self.host = host
        self.username = username
        self.tags = tags
        self.parent = parent
        self.clusterName = clusterName
        self.namespace = namespace
        self.sets = sets
        self.binFilter = binFilter
        self.scanWindow = scanWindow
        self.recordCount = recordCount
        self.tombstoneCount = tombstoneCount
        self.byteCount = byteCount
        self.metadata = metadata
        self.partitionTable = partitionTable
        self.programVersion = programVersion
    }

    static let version: UInt8 = 1
    static let label = "snapshot"
}

/// What a backup selected besides namespace, sets and bins, and which cluster it came from
/// (SPEC.md §9 "Scope"). Every field is optional so later additions stay readable.
public struct SnapshotScopeFields: Codable, Sendable, Equatable {
    /// Partitions covered, in the compact `0-99,200` form; nil = all 4096.
    public var partitions: String?
    /// `--modified-after`, ns since the Unix epoch.
    public var modifiedAfter: Int64?
    /// `--modified-before`, ns since the Unix epoch.
    public var modifiedBefore: Int64?
    /// `--no-ttl-only`: only records that never expire.
    public var noTTLOnly: Bool?
    /// The cluster's nodes as `<node id>@<service addresses>`, sorted (SPEC.md §14 "Cluster identity").
    public var clusterNodes: [String]?
    /// `backup --no-records`: indexes and UDFs only, no records.
    public var noRecords: Bool?
    /// `backup --no-bins`: keys and metadata only.
    public var noBins: Bool?
    /// `backup --max-records N`: at most N records were stored.
    public var maxRecords: Int64?
    /// `backup --filter-exp`: the user's filter expression (base64 of its wire form).
    public var filterExpression: String?

    public init(
        partitions: String? = nil, modifiedAfter: Int64? = nil, modifiedBefore: Int64? = nil, noTTLOnly: Bool? = nil,
        clusterNodes: [String]? = nil
    ) {
        self.partitions = partitions
        self.modifiedAfter = modifiedAfter
        self.modifiedBefore = modifiedBefore
        self.noTTLOnly = noTTLOnly
        self.clusterNodes = clusterNodes
    }
}

/// A last-update-time window in nanoseconds since the Unix epoch (nil bounds are open).
public struct ScanWindow: Codable, Sendable, Equatable {
    /// Records last updated at or after this time (ns).
    public var lastUpdateFrom: Int64?
    /// Records last updated before this time (ns).
    public var lastUpdateTo: Int64?

    public init(lastUpdateFrom: Int64? = nil, lastUpdateTo: Int64? = nil) {
        self.lastUpdateFrom = lastUpdateFrom
        self.lastUpdateTo = lastUpdateTo
    }
}

/// A snapshot file skipped by ``Repository/listReadableSnapshots()``.
public struct UnreadableSnapshot: Sendable, Hashable {
    /// The file, as `snapshots/<name>`.
    public var file: String
    /// Why it cannot be read (names the file).
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }
}

/// The readable snapshots (oldest first) and the snapshot files that could not be read.
public struct SnapshotListing: Sendable {
    public var snapshots: [(id: SnapshotID, snapshot: Snapshot)] = []
    public var unreadable: [UnreadableSnapshot] = []

    public init() {}
}
