/// The result of polling one node in a tend cycle.
enum NodePoll: Equatable, Sendable {
    case ok(nodeID: String, peersGeneration: Int, partitionGeneration: Int)
    case failed
}

/// Tend decisions as a pure state machine: which nodes to ask for peers, which to add or remove, and
/// whether the partition map must be re-read (SPEC.md §12.8 "Discovery and tend").
struct ClusterTendState: Sendable {
    struct Decision: Equatable {
        var add: [Peer] = []
        var remove: Set<String> = []
        var failed: Set<String> = []
        var mapChanged = false
    }

    /// Consecutive failed polls after which a node is dropped even if peers still list it.
    var maxFailures = 3
    private var peersGeneration: [String: Int] = [:]
    private var partitionGeneration: [String: Int] = [:]
    private var failures: [String: Int] = [:]

    /// Nodes that answered and whose peers-generation differs from the one last seen.
    func nodesNeedingPeers(polls: [String: NodePoll]) -> [String] {
        polls.compactMap { id, poll in
            if case .ok(_, let g, _) = poll, peersGeneration[id] != g || g < 0 { return id }
            return nil
        }.sorted()
    }

    mutating func update(polls: [String: NodePoll], peers: [String: [Peer]], known: Set<String>) -> Decision {
        var d = Decision()
        var listed = Set<String>()
        for (id, list) in peers {
            if case .ok(_, let g, _) = polls[id] { peersGeneration[id] = g }
            for p in list { listed.insert(p.nodeID) }
            for p in list where !known.contains(p.nodeID) && !d.add.contains(where: { $0.nodeID == p.nodeID }) {
                d.add.append(p)
            }
        }
        for (id, poll) in polls {
            switch poll {
            case .ok(let reported, _, let pg):
                if reported != id {
                    // A different node now answers at this address: drop it, peers will bring the new one.
                    d.remove.insert(id)
                    continue
                }
                failures[id] = 0
                if partitionGeneration[id] != pg { d.mapChanged = true }
            case .failed:
                d.failed.insert(id)
                d.mapChanged = true
                failures[id, default: 0] += 1
                let alive = polls.values.contains { if case .ok = $0 { return true } else { return false } }
                if failures[id, default: 0] >= maxFailures || (alive && !peers.isEmpty && !listed.contains(id)) {
                    d.remove.insert(id)
                }
            }
        }
        for id in d.remove {
            peersGeneration[id] = nil
            partitionGeneration[id] = nil
            failures[id] = nil
        }
        // Nodes that left or failed: force peers re-read on the survivors next cycle.
        if !d.failed.isEmpty { peersGeneration.removeAll() }
        return d
    }

    mutating func mapLoaded(node: String, partitionGeneration g: Int) { partitionGeneration[node] = g }
}
