import AerospikeSim
import AerospikeWire
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

@testable import AeroVault

/// Cluster failures are named for what they are (SPEC.md §14 "Cluster connection flags", "restore").
@Suite(.serialized) struct ClusterErrorMessageTests {
    /// A secured cluster asked without --user: "requires a login", not "gave no node id".
    @Test func securedClusterWithoutUserSaysItRequiresALogin() async throws {
        let cluster = try await TestCluster.start(records: 10, users: [SimUser(name: "admin", password: "secret")])
        defer { Task { await cluster.stop() } }
        do {
            let client = try await BackupEngine.connect(ClusterConfig(seeds: cluster.ports.map { Host("127.0.0.1", $0) }))
            await client.close()
            Issue.record("connected to a secured cluster without a login")
        } catch let error as AeroVaultError {
            #expect(error.code == .authentication)
            #expect(error.message.contains("requires a login"), "\(error.message)")
            #expect(error.message.contains("--user"), "\(error.message)")
        }
    }

    /// A user without write rights gets ROLE_VIOLATION on every row: one clear error, no per-record
    /// noise, no "partitions restored" report.
    @Test func restoreWithoutWriteRightsFailsOnceWithTheRoleProblem() async throws {
        let users = [SimUser(name: "admin", password: "secret"), SimUser(name: "reader", password: "pw", roles: ["read"])]
        let cluster = try await TestCluster.start(records: 600, extraNamespaces: ["copy"], users: users)
        defer { Task { await cluster.stop() } }
        let seeds = cluster.ports.map { Host("127.0.0.1", $0) }
        let (repository, _) = try await TestRepository.makeLocal()
        let admin = try await BackupEngine.connect(ClusterConfig(seeds: seeds, user: "admin", password: "secret"))
        let summary = try await BackupEngine(
            cluster: admin, repository: repository, configuration: BackupConfiguration(namespace: "test")
        ).run()
        await admin.close()

        let reader = try await BackupEngine.connect(ClusterConfig(seeds: seeds, user: "reader", password: "pw"))
        defer { Task { await reader.close() } }
        let id = try #require(ID32(hex: summary.snapshotID))
        let snapshot = try await repository.loadSnapshot(id)
        let source = try await RepositorySnapshotSource(loader: repository, snapshot: snapshot)
        let events = RecordFailureCounter()
        for ignoreRecordErrors in [false, true] {
            let options = RestoreOptions(targetNamespace: "copy", ignoreRecordErrors: ignoreRecordErrors)
            do {
                let report = try await RestoreEngine(source: source, target: reader, options: options, progress: events)
                    .run(snapshot: .init(id: id, snapshot: snapshot))
                Issue.record("restore without write rights returned a report: \(report.counts)")
            } catch let error as AeroVaultError {
                #expect(error.code == .permission)
                #expect(error.message.contains("ROLE_VIOLATION"), "\(error.message)")
                #expect(error.message.contains("'copy'"), "\(error.message)")
            }
        }
        #expect(events.recordFailures == 0)
        #expect(try cluster.sim.records(namespace: "copy").isEmpty)
    }

    /// Every node down after connecting: "unreachable", not "namespace … is not served by any node".
    @Test func everyNodeDownSaysTheClusterIsUnreachable() async throws {
        let cluster = try await TestCluster.start(records: 10)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let client = try await BackupEngine.connect(
            ClusterConfig(seeds: cluster.ports.map { Host("127.0.0.1", $0) }, socketTimeout: .seconds(2)))
        defer { Task { await client.close() } }
        for node in cluster.ports.indices { try await cluster.sim.kill(node: node) }
        do {
            _ = try await BackupEngine(cluster: client, repository: repository, configuration: BackupConfiguration(namespace: "test"))
                .run()
            Issue.record("backup succeeded with every node down")
        } catch let error as AeroVaultError {
            #expect(error.message.contains("unreachable"), "\(error.message)")
            #expect(!error.message.contains("not served"), "\(error.message)")
        }
    }
}

/// Counts per-record failure events of a restore.
final class RecordFailureCounter: RestoreProgress, @unchecked Sendable {
    // @unchecked Sendable: `count` is guarded by `lock`.
    private let lock = NSLock()
    private var count = 0

    func report(_ event: RestoreEvent) {
        if case .recordFailed = event { lock.withLock { count += 1 } }
    }

    var recordFailures: Int { lock.withLock { count } }
}
