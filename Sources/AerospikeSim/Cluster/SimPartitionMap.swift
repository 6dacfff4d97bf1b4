import AerospikeWire

/// Which nodes hold each of the 4096 partitions, in replica order (index 0 = master).
///
/// Each partition has a fixed succession list: all configured nodes ordered by a hash of
/// (partition id, node index), like the real server's rendezvous-style succession. The replicas are
/// the first `replicationFactor` *live* nodes of that list, so when a master dies its first prole
/// (which already holds the data) becomes master, and a revived node takes its places back.
struct SimPartitionMap: Sendable, Equatable {
    /// `owners[p]` = node indices holding partition p, master first. Empty if no node is alive.
    let owners: [[Int]]
    /// The number of replica columns reported by `replicas` (min(RF, live nodes)).
    let replicaCount: Int

    /// Builds the map for the given live nodes.
    /// - Parameters:
    ///   - nodeCount: number of configured nodes (alive or not).
    ///   - alive: per node, whether it is up.
    ///   - replicationFactor: wanted copies per partition.
    init(nodeCount: Int, alive: [Bool], replicationFactor: Int) {
        let liveCount = alive.filter { $0 }.count
        let copies = max(0, min(replicationFactor, liveCount))
        replicaCount = copies
        owners = (0..<Digest.partitionCount).map { pid in
            let succession = (0..<nodeCount).sorted {
                let a = Self.rank(partition: pid, node: $0)
                let b = Self.rank(partition: pid, node: $1)
                return a != b ? a > b : $0 < $1
            }
            return Array(succession.filter { alive.indices.contains($0) && alive[$0] }.prefix(copies))
        }
    }

    /// Deterministic pseudo-random rank of a node for a partition (splitmix64 finaliser).
    private static func rank(partition: Int, node: Int) -> UInt64 {
        var z = UInt64(partition) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(node + 1) &* 0xD1B5_4A32_D192_ED03
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The master node of a partition, or nil if no node is alive.
    func master(of partition: Int) -> Int? {
        owners[partition].first
    }

    /// Whether `node` holds `partition` at any replica index.
    func holds(node: Int, partition: Int) -> Bool {
        owners[partition].contains(node)
    }

    /// Partitions for which `node` is the master.
    func partitions(masteredBy node: Int) -> [Int] {
        (0..<Digest.partitionCount).filter { owners[$0].first == node }
    }

    /// The 512-byte ownership bitmap of `node` for one replica index (MSB-first, SPEC.md §12.6 "Replicas").
    func bitmap(node: Int, replica: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Digest.partitionCount / 8)
        for pid in 0..<Digest.partitionCount {
            let o = owners[pid]
            if replica < o.count, o[replica] == node {
                bytes[pid >> 3] |= UInt8(0x80 >> (pid & 7))
            }
        }
        return bytes
    }
}
