/// The resumable partition-scan logic (SPEC.md §12.8, §12.11) as a pure state machine: no I/O, so
/// every retry and resume decision is unit-tested.
///
/// Life of a partition: `pending` → (planned into a node request) `inFlight(node)` → `done`, or back to
/// `pending` with its last seen digest when the node reports it unavailable (marker result ≠ 0) or the
/// node's socket fails. Pending partitions are re-planned on the (refreshed) map's master, resuming after
/// the last digest, for at most `maxRounds` rounds.
public struct ScanStateMachine: Sendable {
    /// Where a partition stands.
    public enum PartitionState: Equatable, Sendable {
        case pending
        case inFlight(node: String)
        case done
    }

    /// One node's share of a round: partitions to scan from the start and partitions to resume.
    public struct NodeRequest: Equatable, Sendable {
        /// Node id the request goes to.
        public var node: String
        /// PID_ARRAY: partitions scanned from the beginning.
        public var partitions: [Int]
        /// DIGEST_ARRAY: resume after each digest (its partition is derived from the digest).
        public var resumeDigests: [[UInt8]]
    }

    /// What the driver must do next.
    public enum Plan: Equatable, Sendable {
        /// Send these requests (one per node) and feed the replies back.
        case scan([NodeRequest])
        /// Every partition is done.
        case finished
        /// Rounds exhausted: these partitions never completed.
        case gaveUp(incomplete: [Int])
    }

    private var states: [Int: PartitionState] = [:]
    private var lastDigest: [Int: [UInt8]] = [:]
    private let order: [Int]
    /// Rounds planned so far.
    public private(set) var round = 0
    /// Rounds planned at most before giving up.
    public let maxRounds: Int
    /// Records accepted so far.
    public private(set) var recordCount = 0

    /// - Parameters:
    ///   - partitions: partition ids to scan (duplicates and ids outside 0..<4096 are dropped).
    ///   - resumeFrom: optional digests to resume after, per partition (from an earlier interrupted scan).
    public init(partitions: [Int], resumeFrom: [Int: [UInt8]] = [:], maxRounds: Int = 8) {
        var seen = Set<Int>()
        order = partitions.filter { (0..<Digest.partitionCount).contains($0) && seen.insert($0).inserted }
        for p in order { states[p] = .pending }
        for (p, d) in resumeFrom where states[p] != nil && d.count == Digest.size { lastDigest[p] = d }
        self.maxRounds = max(1, maxRounds)
    }

    /// The state of one partition (nil if not part of this scan).
    public func state(of partition: Int) -> PartitionState? { states[partition] }

    /// Partitions not yet done, in request order.
    public var incomplete: [Int] { order.filter { states[$0] != .done } }

    /// Plans the next round: every pending partition goes to its current master. Partitions without a
    /// master stay pending for the next round. Call only when no request is in flight.
    public mutating func planRound(master: (Int) -> String?) -> Plan {
        let pending = order.filter { states[$0] == .pending }
        if pending.isEmpty, !order.contains(where: { if case .inFlight = states[$0] { return true } else { return false } }) {
            return .finished
        }
        guard round < maxRounds else { return .gaveUp(incomplete: incomplete) }
        round += 1
        var byNode: [String: NodeRequest] = [:]
        var nodeOrder: [String] = []
        for p in pending {
            guard let node = master(p) else { continue }
            if byNode[node] == nil {
                byNode[node] = NodeRequest(node: node, partitions: [], resumeDigests: [])
                nodeOrder.append(node)
            }
            if let d = lastDigest[p] { byNode[node]!.resumeDigests.append(d) } else { byNode[node]!.partitions.append(p) }
            states[p] = .inFlight(node: node)
        }
        return .scan(nodeOrder.map { byNode[$0]! })
    }

    /// A record arrived from `node`. Returns true if it must be delivered (its partition is in flight on
    /// that node), and remembers its digest as the partition's resume point.
    public mutating func recordReceived(digest: [UInt8], from node: String) -> Bool {
        guard digest.count == Digest.size else { return false }
        let p = Digest.partitionID(digest)
        guard acceptRecord(partition: p, from: node) else { return false }
        lastDigest[p] = digest
        return true
    }

    /// The batch form of ``recordReceived(digest:from:)``: returns true (and counts the record) if a
    /// record of `partition` from `node` must be delivered. The caller then reports the partition's
    /// last delivered digest with ``setResumeDigest(_:for:)`` once per batch instead of per record.
    public mutating func acceptRecord(partition: Int, from node: String) -> Bool {
        guard states[partition] == .inFlight(node: node) else { return false }
        recordCount += 1
        return true
    }

    /// Remembers `digest` (20 bytes) as the resume point of `partition`.
    public mutating func setResumeDigest(_ digest: [UInt8], for partition: Int) {
        guard digest.count == Digest.size, states[partition] != nil else { return }
        lastDigest[partition] = digest
    }

    /// A partition-done marker arrived. Result 0 completes the partition (returned, so the driver can emit
    /// it); any other result (normally 11) sends it back to pending, to resume after its last digest.
    public mutating func partitionMarker(_ partition: Int, resultCode: ResultCode, from node: String) -> Int? {
        guard states[partition] == .inFlight(node: node) else { return nil }
        if resultCode == .ok {
            states[partition] = .done
            return partition
        }
        states[partition] = .pending
        return nil
    }

    /// The node's stream ended with LAST and result 0: its remaining in-flight partitions are complete.
    /// - Returns: the newly completed partitions, in request order.
    public mutating func nodeCompleted(_ node: String) -> [Int] {
        let done = order.filter { states[$0] == .inFlight(node: node) }
        for p in done { states[p] = .done }
        return done
    }

    /// The node's socket failed, timed out or the stream ended with a retryable error: its in-flight
    /// partitions go back to pending (they resume after their last digest).
    public mutating func nodeFailed(_ node: String) {
        for p in order where states[p] == .inFlight(node: node) { states[p] = .pending }
    }
}
