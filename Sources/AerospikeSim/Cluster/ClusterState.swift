import Foundation

/// Membership and generation counters of the simulated cluster, shared by all nodes.
///
/// Every kill or revive rebuilds the partition map, bumps the peers generation once and bumps the
/// partition generation of every node (clients re-read `replicas` when it changes).
/// Thread-safe: all state is guarded by `lock`.
final class ClusterState: @unchecked Sendable {  // safe: mutable state only under `lock`
    private let lock = NSLock()
    private let nodeCount: Int
    private let replicationFactor: Int
    private var alive: [Bool]
    private var partitionGenerations: [Int]
    private var peersGen: Int = 1
    private var currentMap: SimPartitionMap
    private var ports: [Int]

    /// Node ids as reported by the `node` info command (upper-case hex).
    let nodeIDs: [String]

    init(nodeCount: Int, replicationFactor: Int) {
        self.nodeCount = nodeCount
        self.replicationFactor = replicationFactor
        alive = Array(repeating: true, count: nodeCount)
        partitionGenerations = Array(repeating: 1, count: nodeCount)
        ports = Array(repeating: 0, count: nodeCount)
        currentMap = SimPartitionMap(nodeCount: nodeCount, alive: alive, replicationFactor: replicationFactor)
        nodeIDs = (0..<nodeCount).map { String(0xBB9_0000_0000_0000 + UInt64($0 + 1) << 16, radix: 16, uppercase: true) }
    }

    /// The current partition map.
    var map: SimPartitionMap { lock.withLock { currentMap } }

    /// Peers generation (changes whenever membership changes).
    var peersGeneration: Int { lock.withLock { peersGen } }

    /// Partition generation of one node.
    func partitionGeneration(node: Int) -> Int { lock.withLock { partitionGenerations[node] } }

    /// Whether a node is up.
    func isAlive(_ node: Int) -> Bool { lock.withLock { alive[node] } }

    /// Indices of the live nodes.
    var liveNodes: [Int] { lock.withLock { (0..<nodeCount).filter { alive[$0] } } }

    /// The listening port of a node (0 before start).
    func port(of node: Int) -> Int { lock.withLock { ports[node] } }

    /// Records the port a node listens on.
    func setPort(_ port: Int, node: Int) { lock.withLock { ports[node] = port } }

    /// Marks a node up or down; returns false if it was already in that state.
    @discardableResult
    func setAlive(_ up: Bool, node: Int) -> Bool {
        lock.withLock {
            guard alive[node] != up else { return false }
            alive[node] = up
            currentMap = SimPartitionMap(nodeCount: nodeCount, alive: alive, replicationFactor: replicationFactor)
            peersGen += 1
            for i in 0..<nodeCount { partitionGenerations[i] += 1 }
            return true
        }
    }
}
