import AerospikeWire
import Foundation
import NIOCore
import NIOPosix

/// A multi-node Aerospike cluster simulator running inside this process.
///
/// Each node listens on its own 127.0.0.1 port and speaks the Aerospike wire protocol (info,
/// AS_MSG, admin/security) through the AerospikeWire codec. All nodes share one in-memory copy of
/// each namespace; the partition map decides which node answers for which partition (SPEC.md §13).
///
/// Typical use in a test:
/// ```swift
/// let sim = try SimCluster(SimConfig(nodeCount: 3))
/// let ports = try await sim.start()
/// try sim.seed(namespace: "test", records: 1000, seed: 7)
/// … drive a client against ports …
/// try await sim.kill(node: 1)
/// await sim.stop()
/// ```
/// Thread-safe: every method may be called from any task (its mutable state lives in `Mutex`-guarded helpers).
public final class SimCluster: Sendable {
    /// The configuration the cluster was built from.
    public let config: SimConfig
    /// The cluster clock; advance it to expire records.
    public let clock: SimClock
    /// Namespace name → its records.
    let stores: [String: NamespaceStore]
    /// Membership, partition map and generation counters.
    let state: ClusterState
    /// Users, roles and session tokens.
    let security: SecurityStore
    /// Per-node fault plans and dice.
    let faults: FaultTable
    /// The NIO servers, one per node (created by `start()`).
    let runtime = ServerRuntime()
    /// Every scan job the nodes started.
    let scanLog = ScanJobLog()

    /// Creates a stopped cluster.
    /// - Throws: ``SimError`` `.invalidConfig` if the configuration is invalid.
    public init(_ config: SimConfig) throws {
        try config.validate()
        self.config = config
        self.clock = SimClock()
        var stores: [String: NamespaceStore] = [:]
        for ns in config.namespaces { stores[ns] = NamespaceStore(name: ns, defaultTTL: config.defaultTTL) }
        self.stores = stores
        self.state = ClusterState(nodeCount: config.nodeCount, replicationFactor: config.replicationFactor)
        self.security = SecurityStore(users: config.users, sessionTTL: config.sessionTTL, clock: clock)
        self.faults = FaultTable(nodeCount: config.nodeCount)
    }

    /// The node ids (upper-case hex, as the `node` info command reports them), by node index.
    public var nodeIDs: [String] { state.nodeIDs }

    /// The listening ports by node index (0 for a node that was never started).
    public var ports: [Int] { (0..<config.nodeCount).map { state.port(of: $0) } }

    /// Every scan job the nodes started so far, oldest first (one per scan request, SPEC.md §13.6).
    public var scanJobs: [SimScanJob] { scanLog.all }

    /// Indices of the nodes that are currently up.
    public var liveNodes: [Int] { state.liveNodes }

    /// The master node index of a partition of any namespace, or nil if every node is down.
    public func masterNode(ofPartition partition: Int) -> Int? {
        guard (0..<Digest.partitionCount).contains(partition) else { return nil }
        return state.map.master(of: partition)
    }

    /// Partitions mastered by a node.
    /// The nodes holding `partition`, master first (a scan is served by any of them).
    public func nodes(holding partition: Int) -> [Int] {
        guard (0..<Digest.partitionCount).contains(partition) else { return [] }
        return state.map.owners[partition]
    }

    public func partitions(masteredBy node: Int) -> [Int] {
        state.map.partitions(masteredBy: node)
    }

    /// The store of a namespace.
    func store(_ namespace: String) throws -> NamespaceStore {
        guard let s = stores[namespace] else {
            throw SimError(.unknownNamespace, "namespace \"\(namespace)\" is not configured (have: \(config.namespaces.joined(separator: ", ")))")
        }
        return s
    }

    /// A snapshot of every live (unexpired) record of a namespace, ordered by partition and digest.
    /// - Throws: ``SimError`` `.unknownNamespace`.
    public func records(namespace: String) throws -> [SimRecord] {
        try store(namespace).allRecords(nowVoid: clock.nowVoidSecond)
    }

    /// The number of live records in a namespace.
    /// - Throws: ``SimError`` `.unknownNamespace`.
    public func recordCount(namespace: String) throws -> Int {
        try store(namespace).count(nowVoid: clock.nowVoidSecond)
    }

    /// The live record with this digest, or nil.
    /// - Throws: ``SimError`` `.unknownNamespace`.
    public func record(namespace: String, digest: SimDigest) throws -> SimRecord? {
        try store(namespace).partition(for: digest).get(digest, nowVoid: clock.nowVoidSecond)
    }

    /// Stores a record directly (no generation or TTL logic), replacing any record with its digest.
    /// - Throws: ``SimError`` `.unknownNamespace`.
    public func put(namespace: String, record: SimRecord) throws {
        try store(namespace).partition(for: record.digest).mutate(record.digest, nowVoid: clock.nowVoidSecond) {
            $0 = record
        }
    }

    /// Removes a record directly; returns whether it existed.
    /// - Throws: ``SimError`` `.unknownNamespace`.
    @discardableResult
    public func remove(namespace: String, digest: SimDigest) throws -> Bool {
        try store(namespace).partition(for: digest).mutate(digest, nowVoid: clock.nowVoidSecond) {
            let existed = $0 != nil
            $0 = nil
            return existed
        }
    }

    /// Sets the fault plan of one node, or of every node when `node` is nil.
    public func setFault(_ plan: SimFaults, node: Int? = nil) {
        if let node { faults.set(plan, node: node) } else { (0..<config.nodeCount).forEach { faults.set(plan, node: $0) } }
    }

    /// Removes every injected fault.
    public func clearFaults() {
        setFault(.none)
    }

    /// Shifts the cluster clock by a number of milliseconds from wall time (for TTL expiry tests).
    public var clockOffsetMs: Int64 {
        get { clock.offsetMilliseconds }
        set { clock.offsetMilliseconds = newValue }
    }
}
