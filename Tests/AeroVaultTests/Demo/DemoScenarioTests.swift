import AeroVault
import AerospikeSim
import AerospikeWire
import Foundation
import Testing

/// The demo on the test harness's cluster (the CLI uses the same scenario with its own SimCluster).
struct HarnessDemoCluster: DemoCluster {
    let cluster: TestCluster

    var seeds: [AerospikeWire.Host] { cluster.ports.map { AerospikeWire.Host("127.0.0.1", $0) } }
    var sourceNamespace: String { cluster.namespace }
    var restoreNamespaces: (first: String, second: String) { ("restore1", "restore2") }

    func load(records: Int) async throws -> Double { 0 }  // seeded by TestCluster.start

    func change(update: Double, delete: Double, insert: Double) async throws -> DemoChange {
        let m = try cluster.mutate(update: update, delete: delete, insert: insert)
        return DemoChange(updated: m.updated.count, deleted: m.deleted.count, inserted: m.inserted.count)
    }

    func recordCount(namespace: String) async throws -> Int { try cluster.sim.recordCount(namespace: namespace) }
}

/// Collects narrated lines.
final class Transcript: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ line: String) { lock.withLock { storage.append(line) } }
    var lines: [String] { lock.withLock { storage } }
}

@Suite(.serialized) struct DemoScenarioTests {
    @Test func demoRunsEveryStepAndBothRestoresVerify() async throws {
        let cluster = try await TestCluster.start(records: 800, extraNamespaces: ["restore1", "restore2"])
        defer { Task { await cluster.stop() } }
        let directory = try TestRepositoryFactory.temporaryDirectory("aerovault-demo")
        defer { try? FileManager.default.removeItem(at: directory) }
        let transcript = Transcript()
        let scenario = DemoScenario(
            records: 800, repositoryPath: directory.appendingPathComponent("repo").path,
            password: TestRepositoryFactory.password, kdf: .insecureFastForTesting, say: { transcript.append($0) })
        try await scenario.run(on: HarnessDemoCluster(cluster: cluster))

        let text = transcript.lines.joined(separator: "\n")
        #expect(text.contains("Full backup: snapshot"))
        #expect(text.contains("Incremental backup: snapshot"))
        #expect(text.contains("Snapshots in the repository:"))
        #expect(transcript.lines.filter { $0.hasPrefix("Verified ") }.count == 2)
        #expect(text.contains("All steps passed"))
        // The first restore holds the older state, the second the newer one.
        #expect(try cluster.sim.recordCount(namespace: "restore1") == 800)
        #expect(try cluster.sim.recordCount(namespace: "restore2") == cluster.sim.recordCount(namespace: cluster.namespace))
    }

    @Test func demoFailsNamingTheStep() async throws {
        struct BrokenCluster: DemoCluster {
            var seeds: [AerospikeWire.Host] { [AerospikeWire.Host("127.0.0.1", 1)] }
            var sourceNamespace: String { "demo" }
            var restoreNamespaces: (first: String, second: String) { ("a", "b") }
            func load(records: Int) async throws -> Double { throw CancellationError() }
            func change(update: Double, delete: Double, insert: Double) async throws -> DemoChange {
                DemoChange(updated: 0, deleted: 0, inserted: 0)
            }
            func recordCount(namespace: String) async throws -> Int { 0 }
        }
        let scenario = DemoScenario(
            records: 10, repositoryPath: NSTemporaryDirectory() + "aerovault-demo-unused", password: [1],
            kdf: .insecureFastForTesting, say: { _ in })
        do {
            try await scenario.run(on: BrokenCluster())
            Issue.record("the demo should fail")
        } catch let error as AeroVaultError {
            #expect(error.message.contains("1/8 load"), "\(error.message)")
        }
    }
}
