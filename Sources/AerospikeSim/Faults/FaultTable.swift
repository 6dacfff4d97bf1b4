import Synchronization

/// The fault plan of each node plus its deterministic dice.
/// Thread-safe: guarded by a `Mutex`.
final class FaultTable: Sendable {
    private struct Node {
        var plan: SimFaults = .none
        var dice: FaultDice
    }

    private let nodes: Mutex<[Node]>

    init(nodeCount: Int) {
        nodes = Mutex((0..<nodeCount).map { Node(dice: FaultDice(seed: UInt64($0 + 1) &* 0x5851_F42D_4C95_7F2D)) })
    }

    /// Replaces a node's plan.
    func set(_ plan: SimFaults, node: Int) {
        nodes.withLock { if $0.indices.contains(node) { $0[node].plan = plan } }
    }

    /// A node's current plan.
    func plan(node: Int) -> SimFaults {
        nodes.withLock { $0.indices.contains(node) ? $0[node].plan : .none }
    }

    /// Rolls the node's dice: the result code to inject for the next data command, or nil.
    func injectedError(node: Int) -> UInt8? {
        nodes.withLock { nodes in
            guard nodes.indices.contains(node), nodes[node].plan.errorRate > 0 else { return nil }
            let plan = nodes[node].plan
            return nodes[node].dice.roll(plan.errorRate) ? plan.errorCode : nil
        }
    }
}
