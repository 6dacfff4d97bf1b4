import AeroVault
import AerospikeSim
import AerospikeWire
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault demo`: the whole story on an embedded simulated cluster (SPEC.md §14 "demo").
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run backup → change → incremental backup → restore → verify on an embedded simulated cluster.",
        discussion: """
            Starts a 3-node Aerospike simulator on 127.0.0.1 (free ports), loads records, creates a \
            repository in a temporary directory (or DIR with --keep, left in place with its password \
            in DIR/password), takes a full and an incremental backup around a day of changes, lists the \
            snapshots, restores each into an empty namespace and verifies it. Needs no network and no \
            running Aerospike.

            \(ExitStatus.helpText)
            """)

    @Option(help: "Records to load.")
    var records: Int = 20_000

    @Option(help: ArgumentHelp("Keep the repository in this directory (it must not hold one yet).", valueName: "dir"))
    var keep: String?

    mutating func validate() throws {
        guard (1...5_000_000).contains(records) else { throw ValidationError("--records must be between 1 and 5000000") }
    }

    func run() async throws {
        let directory = keep ?? NSTemporaryDirectory() + "aerovault-demo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let repositoryPath = directory + "/repo"
        var random = SystemRandomNumberGenerator()
        let password = (0..<24).map { _ in "abcdefghijkmnpqrstuvwxyz23456789".randomElement(using: &random) ?? "x" }
        let passwordPath = directory + "/password"
        try (String(password) + "\n").write(toFile: passwordPath, atomically: true, encoding: .utf8)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }

        let sim = try SimCluster(SimConfig(nodeCount: 3, namespaces: ["demo", "restore1", "restore2"]))
        let ports = try await sim.start()
        let cluster = SimDemoCluster(sim: sim, ports: ports)
        let scenario = DemoScenario(
            records: records, repositoryPath: repositoryPath, password: Array(String(password).utf8),
            say: { line in print(line) })
        do {
            try await scenario.run(on: cluster)
        } catch {
            await sim.stop()
            throw error
        }
        await sim.stop()
        if keep != nil {
            print("The repository stays at \(repositoryPath); its password is in \(passwordPath).")
            print("Try: AEROVAULT_REPOSITORY=\(repositoryPath) AEROVAULT_PASSWORD_FILE=\(passwordPath) aerovault cat snapshot latest")
        }
    }
}

/// The demo's cluster: an embedded `SimCluster`, loaded with its deterministic seed mix.
struct SimDemoCluster: DemoCluster {
    let sim: SimCluster
    let ports: [Int]
    let seed: UInt64 = 2026

    var seeds: [AerospikeWire.Host] { ports.map { AerospikeWire.Host("127.0.0.1", $0) } }
    var sourceNamespace: String { "demo" }
    var restoreNamespaces: (first: String, second: String) { ("restore1", "restore2") }

    func load(records: Int) async throws -> Double {
        try sim.seed(namespace: sourceNamespace, records: records, seed: seed)
    }

    /// Changes records spread evenly over the namespace, with last-update time = now (so the
    /// incremental backup's scan sees them); inserts use seed-mix records past the loaded ones.
    func change(update: Double, delete: Double, insert: Double) async throws -> DemoChange {
        let all = try sim.records(namespace: sourceNamespace)
        let now = sim.clock.nowMs
        let updateEvery = max(1, Int(1 / update))
        let deleteEvery = max(1, Int(1 / delete))
        var change = DemoChange(updated: 0, deleted: 0, inserted: 0)
        for (i, record) in all.enumerated() {
            if i % deleteEvery == deleteEvery / 2 {
                try sim.remove(namespace: sourceNamespace, digest: record.digest)
                change.deleted += 1
            } else if i % updateEvery == 0 {
                var updated = record
                updated.bins = updated.bins.filter { $0.name != "note" } + [.string("note", "changed by the demo")]
                updated.generation = updated.generation == UInt16.max ? 1 : updated.generation + 1
                updated.lastUpdateMs = now
                try sim.put(namespace: sourceNamespace, record: updated)
                change.updated += 1
            }
        }
        let inserts = Int((Double(all.count) * insert).rounded())
        for i in 0..<inserts {
            var record = sim.seedRecord(index: 10_000_000 + i, seed: seed)
            record.lastUpdateMs = now
            try sim.put(namespace: sourceNamespace, record: record)
            change.inserted += 1
        }
        return change
    }

    func recordCount(namespace: String) async throws -> Int {
        try sim.recordCount(namespace: namespace)
    }
}
