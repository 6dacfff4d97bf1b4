import AeroVault
import ArchiveStore
import Foundation

/// The `--json` form of a snapshot (stable schema, snake_case).
struct SnapshotJSON: Encodable {
    var id: String
    var short_id: String
    var time: Date
    var host: String
    var tags: [String]
    var parent: String?
    var cluster: String
    var namespace: String
    var sets: [String]
    /// The scope as text (`test sets=users partitions=0-99`), whether it is the whole namespace, and
    /// the cluster's node identities (absent for snapshots written before they were recorded).
    var scope: String
    var whole: Bool
    var cluster_nodes: [String]?
    var kind: String
    var records: UInt64
    var bytes_added: UInt64

    init(_ s: SnapshotSummary) {
        id = s.id.hex
        short_id = s.id.short
        time = s.time
        host = s.host
        tags = s.tags
        parent = s.parent?.hex
        cluster = s.cluster
        namespace = s.namespace
        sets = s.sets
        scope = s.scope.description
        whole = s.scope.isWhole
        cluster_nodes = s.clusterNodes
        kind = s.kind
        records = s.records
        bytes_added = s.bytes
    }
}
