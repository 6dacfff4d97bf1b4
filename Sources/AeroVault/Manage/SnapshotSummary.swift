import ArchiveStore
import Foundation

/// What the management commands need to know about a snapshot without loading its partition table:
/// identity, time, origin and counts. Built from a snapshot manifest (see `SnapshotSummary+Manifest`).
public struct SnapshotSummary: Hashable, Sendable, Codable {
    public var id: SnapshotID
    public var time: Date
    public var host: String
    public var tags: [String]
    public var cluster: String
    public var namespace: String
    /// Sets backed up; empty = the whole namespace.
    public var sets: [String]
    /// The parent of an incremental snapshot; nil for a full one.
    public var parent: SnapshotID?
    /// Live records in the snapshot (after merge).
    public var records: UInt64
    /// Plaintext bytes of the records (restore size).
    public var bytes: UInt64
    /// Everything the backup selected (SPEC.md §9 "Scope").
    public var scope: SnapshotScope
    /// The cluster's node identities (SPEC.md §14 "Cluster identity"); nil for older snapshots.
    public var clusterNodes: [String]?
    /// Who wrote it (SPEC.md §9 "Audit"): the user, and the key file and its role (nil for snapshots
    /// written before keys were recorded).
    public var username: String
    public var keyID: KeyID?
    public var keyRole: String?

    public init(
        id: SnapshotID, time: Date, host: String = "", tags: [String] = [], cluster: String = "",
        namespace: String = "", sets: [String] = [], parent: SnapshotID? = nil, records: UInt64 = 0, bytes: UInt64 = 0,
        scope: SnapshotScope? = nil, clusterNodes: [String]? = nil, username: String = "", keyID: KeyID? = nil,
        keyRole: String? = nil
    ) {
        self.username = username
        self.keyID = keyID
        self.keyRole = keyRole
        self.id = id
        self.time = time
        self.host = host
        self.tags = tags
        self.cluster = cluster
        self.namespace = namespace
        self.sets = sets
        self.parent = parent
        self.records = records
        self.bytes = bytes
        self.scope = scope ?? SnapshotScope(namespace: namespace, sets: sets)
        self.clusterNodes = clusterNodes
    }

    /// `full` or `incremental`.
    public var kind: String { parent == nil ? "full" : "incremental" }

    /// Whether the snapshot carries every tag in `list` (an empty list matches every snapshot).
    public func hasTags(_ list: [String]) -> Bool {
        list.allSatisfy { tags.contains($0) }
    }

    /// Newest first; equal times ordered by id so the order is total and reproducible.
    public static func newestFirst(_ a: SnapshotSummary, _ b: SnapshotSummary) -> Bool {
        if a.time != b.time { return a.time > b.time }
        return a.id > b.id
    }
}
