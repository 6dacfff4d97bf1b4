import Foundation

/// The fault plan of each node plus its deterministic dice.
/// Thread-safe: guarded by `lock`.
final class FaultTable: @unchecked Sendable {  // safe: all state under `lock`
    private let lock = NSLock()
    private var plans: [SimFaults]
    private var dice: [FaultDice]

    init(nodeCount: Int) {
        plans = Array(repeating: .none, count: nodeCount)
        dice = (0..<nodeCount).map { FaultDice(seed: UInt64($0 + 1) &* 0x5851_F42D_4C95_7F2D) }
    }

    /// Replaces a node's plan.
    func set(_ plan: SimFaults, node: Int) {
        lock.withLock { if plans.indices.contains(node) { plans[node] = plan } }
    }

    /// A node's current plan.
    func plan(node: Int) -> SimFaults {
        lock.withLock { plans.indices.contains(node) ? plans[node] : .none }
    }

    /// Rolls the node's dice: the result code to inject for the next data command, or nil.
    func injectedError(node: Int) -> UInt8? {
        lock.withLock {
            guard plans.indices.contains(node), plans[node].errorRate > 0 else { return nil }
            return dice[node].roll(plans[node].errorRate) ? plans[node].errorCode : nil
        }
    }
}
