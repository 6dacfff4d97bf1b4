import AerospikeSim
import Foundation

/// An embedded, running `SimCluster` (3 nodes by default) seeded with deterministic records, for
/// backup/restore/verify tests. Call ``stop()`` at the end of the test.
final class TestCluster: @unchecked Sendable {
    // @unchecked Sendable: `sim` is thread-safe; the other stored properties are immutable.
    let sim: SimCluster
    let namespace: String
    let ports: [Int]
    let seed: UInt64
    /// Records seeded at start (indices 0..<seededCount of the seed mix).
    let seededCount: Int

    private init(sim: SimCluster, namespace: String, ports: [Int], seed: UInt64, seededCount: Int) {
        self.sim = sim
        self.namespace = namespace
        self.ports = ports
        self.seed = seed
        self.seededCount = seededCount
    }

    /// Starts a cluster and seeds `records` records into `namespace`.
    static func start(
        records: Int, nodes: Int = 3, namespace: String = "test", extraNamespaces: [String] = [],
        seed: UInt64 = 42, users: [SimUser] = [], racks: [Int] = []
    ) async throws -> TestCluster {
        var config = SimConfig(nodeCount: nodes, namespaces: [namespace] + extraNamespaces, users: users)
        config.racks = racks
        let sim = try SimCluster(config)
        let ports = try await sim.start()
        try sim.seed(namespace: namespace, records: records, seed: seed)
        return TestCluster(sim: sim, namespace: namespace, ports: ports, seed: seed, seededCount: records)
    }

    /// Seeds as `HOST:PORT` strings, as given to `--host`.
    var hosts: [String] { ports.map { "127.0.0.1:\($0)" } }

    func stop() async { await sim.stop() }

    /// Every live record, keyed by digest bytes.
    func recordsByDigest() throws -> [[UInt8]: SimRecord] {
        var out: [[UInt8]: SimRecord] = [:]
        for record in try sim.records(namespace: namespace) { out[record.digest.bytes] = record }
        return out
    }

    /// What ``mutate(update:delete:insert:round:)`` changed.
    struct Mutation {
        var updated: [[UInt8]] = []
        var deleted: [[UInt8]] = []
        var inserted: [[UInt8]] = []
    }

    /// The "next day": updates, deletes and inserts the given fractions of the current records,
    /// spread evenly, with last-update time = the cluster clock now. Deterministic for a `round`.
    @discardableResult
    func mutate(update: Double = 0.01, delete: Double = 0.005, insert: Double = 0.005, round: Int = 1) throws -> Mutation {
        let all = try sim.records(namespace: namespace)
        var change = Mutation()
        let now = sim.clock.nowMs
        let updateEvery = update > 0 ? max(1, Int(1 / update)) : Int.max
        let deleteEvery = delete > 0 ? max(1, Int(1 / delete)) : Int.max
        for (i, record) in all.enumerated() {
            if i % deleteEvery == deleteEvery / 2 + 1 {
                try sim.remove(namespace: namespace, digest: record.digest)
                change.deleted.append(record.digest.bytes)
            } else if i % updateEvery == 0 {
                var updated = record
                updated.bins = updated.bins.filter { $0.name != "note" } + [.string("note", "updated in round \(round)")]
                updated.generation = updated.generation == UInt16.max ? 1 : updated.generation + 1
                updated.lastUpdateMs = now
                try sim.put(namespace: namespace, record: updated)
                change.updated.append(record.digest.bytes)
            }
        }
        let inserts = Int((Double(all.count) * insert).rounded())
        let base = seededCount + round * 1_000_000
        for i in 0..<inserts {
            var record = sim.seedRecord(index: base + i, seed: seed)
            record.lastUpdateMs = now
            try sim.put(namespace: namespace, record: record)
            change.inserted.append(record.digest.bytes)
        }
        return change
    }
}
