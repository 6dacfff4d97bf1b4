import AerospikeWire

/// All records of one namespace: 4096 independently locked partitions.
///
/// The simulator keeps one logical copy of each partition for the whole cluster; which node serves
/// it is decided by ``SimPartitionMap``. Killing a node therefore never loses data (SPEC.md §13).
final class NamespaceStore: Sendable {
    /// Namespace name.
    let name: String
    /// Default TTL in seconds applied to writes with TTL 0 (0 = never expire).
    let defaultTTL: UInt32
    /// The partitions, indexed by partition id.
    let partitions: [PartitionStore]

    init(name: String, defaultTTL: UInt32) {
        self.name = name
        self.defaultTTL = defaultTTL
        self.partitions = (0..<Digest.partitionCount).map { PartitionStore(id: $0) }
    }

    /// The partition holding this digest.
    func partition(for digest: SimDigest) -> PartitionStore {
        partitions[digest.partitionID]
    }

    /// Every live record in partition order, each partition ascending by digest.
    func allRecords(nowVoid: UInt32) -> [SimRecord] {
        partitions.flatMap { $0.snapshot(nowVoid: nowVoid) }
    }

    /// Number of live records.
    func count(nowVoid: UInt32) -> Int {
        partitions.reduce(0) { $0 + $1.count(nowVoid: nowVoid) }
    }

    /// Per-set statistics: set name → (objects, approximate bytes). Records without a set are omitted.
    func setStatistics(nowVoid: UInt32) -> [String: (objects: Int, bytes: Int)] {
        var stats: [String: (objects: Int, bytes: Int)] = [:]
        for p in partitions {
            for rec in p.snapshot(nowVoid: nowVoid) {
                guard let set = rec.setName else { continue }
                let old = stats[set] ?? (0, 0)
                stats[set] = (old.objects + 1, old.bytes + rec.approximateSize)
            }
        }
        return stats
    }

    /// Removes records (of one set, or all) last updated before `beforeMs`.
    @discardableResult
    func truncate(setName: String?, beforeMs: UInt64) -> Int {
        partitions.reduce(0) { $0 + $1.truncate(setName: setName, beforeMs: beforeMs) }
    }
}
