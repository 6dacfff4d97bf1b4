import Synchronization

/// Membership and generation counters of the simulated cluster, shared by all nodes.
///
/// Every kill or revive rebuilds the partition map, bumps the peers generation once and bumps the
/// partition generation of every node (clients re-read `replicas` when it changes).
/// Thread-safe: all mutable state is behind a `Mutex`.
final class ClusterState: Sendable {
    private struct Membership {
        var alive: [Bool]
        var partitionGenerations: [Int]
        var peersGen: Int = 1
        var currentMap: SimPartitionMap
        var ports: [Int]
    }

    private let nodeCount: Int
    private let replicationFactor: Int
    private let membership: Mutex<Membership>

    /// Node ids as reported by the `node` info command (upper-case hex).
    let nodeIDs: [String]

    init(nodeCount: Int, replicationFactor: Int) {
        self.nodeCount = nodeCount
        self.replicationFactor = replicationFactor
        let alive = Array(repeating: true, count: nodeCount)
        membership = Mutex(
            Membership(
                alive: alive, partitionGenerations: Array(repeating: 1, count: nodeCount),
                currentMap: SimPartitionMap(nodeCount: nodeCount, alive: alive, replicationFactor: replicationFactor),
                ports: Array(repeating: 0, count: nodeCount)))
        nodeIDs = (0..<nodeCount).map { String(0xBB9_0000_0000_0000 + UInt64($0 + 1) << 16, radix: 16, uppercase: true) }
    }

    /// The current partition map.
    var map: SimPartitionMap { membership.withLock { $0.currentMap } }

    /// Peers generation (changes whenever membership changes).
    var peersGeneration: Int { membership.withLock { $0.peersGen } }

    /// Partition generation of one node.
    func partitionGeneration(node: Int) -> Int { membership.withLock { $0.partitionGenerations[node] } }

    /// Whether a node is up.
    func isAlive(_ node: Int) -> Bool { membership.withLock { $0.alive[node] } }

    /// Indices of the live nodes.
    var liveNodes: [Int] { membership.withLock { m in (0..<nodeCount).filter { m.alive[$0] } } }

    /// The listening port of a node (0 before start).
    func port(of node: Int) -> Int { membership.withLock { $0.ports[node] } }

    /// Records the port a node listens on.
    func setPort(_ port: Int, node: Int) { membership.withLock { $0.ports[node] = port } }

    /// Marks a node up or down; returns false if it was already in that state.
    @discardableResult
    func setAlive(_ up: Bool, node: Int) -> Bool {
        membership.withLock { m in
            guard m.alive[node] != up else { return false }
            m.alive[node] = up
            m.currentMap = SimPartitionMap(nodeCount: nodeCount, alive: m.alive, replicationFactor: replicationFactor)
            m.peersGen += 1
            for i in 0..<nodeCount { m.partitionGenerations[i] += 1 }
            return true
        }
    }
}
