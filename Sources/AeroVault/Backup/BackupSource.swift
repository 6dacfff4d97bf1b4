import AerospikeWire
import Foundation

/// Where backup reads from: a narrow interface, so ``Cluster`` conforms and tests fake it (as
/// ``RestoreTarget`` is for restore). Every call may throw ``WireError``; the engine retries failed
/// partition scans and turns an unreachable cluster into ``AeroVaultError`` `.clusterUnreachable`.
public protocol BackupSource: Sendable {
    /// The namespaces the cluster has.
    func namespaces() async throws -> [String]
    /// The cluster's name (`cluster-name`), recorded in the snapshot.
    func clusterName() async throws -> String
    /// Every node as `<node id>@<advertised address>`, sorted: with the name, the cluster's identity
    /// (SPEC.md §14 "backup", "Cluster identity").
    func nodeIdentities() async throws -> [String]
    /// The cluster's clock as Unix seconds: the earliest `current_time` over the nodes (SPEC.md §14
    /// "backup", "Scan start").
    func currentTime(namespace: String) async throws -> UInt64
    /// The secondary index and UDF definitions stored with the snapshot (SPEC.md §17.5).
    func clusterMetadata(namespace: String) async throws -> ClusterMetadata
    /// Scans `request`'s partitions (SPEC.md §12.11), handing over each reply frame's records in order
    /// and `.partitionDone(p)` once partition `p` is complete; returns when every record has been
    /// delivered. Does not return before `deliver` finished with an event, so a slow consumer slows
    /// the scan.
    func scanEvents(_ request: ScanRequest, deliver: (ScanBatchEvent) async throws -> Void) async throws
    /// Each partition's master node id as the client knows it now (SPEC.md §14 "backup", "Scans":
    /// scan groups are formed per node); partitions it cannot tell are left out.
    func partitionMasters(namespace: String) async -> [Int: String]
    /// Called after a failed scan, before it is retried (a node may have left): refresh whatever
    /// routes partitions to nodes.
    func refreshRoutes() async
}

extension Cluster: BackupSource {
    public nonisolated func clusterMetadata(namespace: String) async throws -> ClusterMetadata {
        let sindexes = try await secondaryIndexes(namespace: namespace)
        var udfs: [ClusterMetadata.UDF] = []
        for module in try await udfList() {
            let content = try await udfContents(filename: module.filename)
            udfs.append(
                ClusterMetadata.UDF(filename: module.filename, type: module.type, hash: module.hash, content: Data(content)))
        }
        return ClusterMetadata(namespace: namespace, sindexes: sindexes, udfs: udfs)
    }

    /// The node each partition's scan goes to: the master, or with `--prefer-racks` a replica on a
    /// preferred rack (``Cluster/scanNode(namespace:partition:)``), so groups are per scanned node.
    public nonisolated func partitionMasters(namespace: String) async -> [Int: String] {
        var masters: [Int: String] = [:]
        for partition in 0..<Digest.partitionCount {
            if let node = await scanNode(namespace: namespace, partition: partition) { masters[partition] = node }
        }
        return masters
    }

    public nonisolated func scanEvents(
        _ request: ScanRequest, deliver: (ScanBatchEvent) async throws -> Void
    ) async throws {
        for try await event in scanBatches(request) { try await deliver(event) }
    }
}

extension BackupSource {
    /// ``scanEvents(_:deliver:)`` for a caller that needs only the records.
    func scanBatches(_ request: ScanRequest, deliver: (ScanRecordBatch) async throws -> Void) async throws {
        try await scanEvents(request) { event in
            if case .records(let batch) = event { try await deliver(batch) }
        }
    }
}
