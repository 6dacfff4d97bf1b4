import AerospikeSim

/// The demo's cluster: an embedded 3-node `SimCluster` on 127.0.0.1, loaded with its deterministic
/// seed mix, with a source namespace and two empty ones to restore into.
struct DemoCluster {
    static let source = "demo"
    static let restoreTargets = ("restore1", "restore2")

    let sim: SimCluster
    let ports: [Int]
    private let seed: UInt64 = 2026

    static func start() async throws -> DemoCluster {
        let sim = try SimCluster(SimConfig(nodeCount: 3, namespaces: [source, restoreTargets.0, restoreTargets.1]))
        let ports = try await sim.start()
        return DemoCluster(sim: sim, ports: ports)
    }

    func stop() async { await sim.stop() }

    /// `--host` arguments for every node.
    var hostArguments: [String] { ports.flatMap { ["--host", "127.0.0.1:\($0)"] } }

    var addresses: String { ports.map { "127.0.0.1:\($0)" }.joined(separator: ", ") }

    /// Loads `records` records; returns the seconds it took.
    func load(records: Int) throws -> Double {
        try sim.seed(namespace: Self.source, records: records, seed: seed)
    }

    /// "The next day": updates, deletes and inserts these fractions of the records, spread evenly
    /// over the namespace, with last-update time = the cluster's now (so an incremental scan sees them).
    func change(update: Double, delete: Double, insert: Double) throws -> (updated: Int, deleted: Int, inserted: Int) {
        let all = try sim.records(namespace: Self.source)
        let now = sim.clock.nowMs
        let updateEvery = max(1, Int(1 / update))
        let deleteEvery = max(1, Int(1 / delete))
        var updated = 0
        var deleted = 0
        for (i, record) in all.enumerated() {
            if i % deleteEvery == deleteEvery / 2 {
                try sim.remove(namespace: Self.source, digest: record.digest)
                deleted += 1
            } else if i % updateEvery == 0 {
                var changed = record
                changed.bins = changed.bins.filter { $0.name != "note" } + [.string("note", "changed by the demo")]
                changed.generation = changed.generation == UInt16.max ? 1 : changed.generation + 1
                changed.lastUpdateMs = now
                try sim.put(namespace: Self.source, record: changed)
                updated += 1
            }
        }
        let inserts = Int((Double(all.count) * insert).rounded())
        for i in 0..<inserts {
            var record = sim.seedRecord(index: 10_000_000 + i, seed: seed)
            record.lastUpdateMs = now
            try sim.put(namespace: Self.source, record: record)
        }
        return (updated, deleted, inserts)
    }

    func recordCount(_ namespace: String) throws -> Int { try sim.recordCount(namespace: namespace) }
}
