import AeroVault
import AerospikeSim
import AerospikeWire
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

@Suite(.serialized) struct BackupErrorTests {
    @Test func unreachableClusterIsAClearError() async throws {
        // A port nothing listens on: start and stop a one-node simulator to find one.
        let sim = try SimCluster(SimConfig(nodeCount: 1))
        let ports = try await sim.start()
        await sim.stop()
        do {
            _ = try await BackupEngine.connect(ClusterConfig(seeds: [Host("127.0.0.1", ports[0])], connectTimeout: .milliseconds(500)))
            Issue.record("connect succeeded against a closed port")
        } catch let error as AeroVaultError {
            #expect(error.code == .clusterUnreachable)
            #expect(error.message.contains("127.0.0.1:\(ports[0])"))
        }
    }

    @Test func missingNamespaceFailsWithoutSnapshot() async throws {
        let cluster = try await TestCluster.start(records: 10)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        do {
            _ = try await BackupEngineTests.backup(cluster, repository) { $0.namespace = "nope" }
            Issue.record("backup of a missing namespace succeeded")
        } catch let error as AeroVaultError {
            #expect(error.code == .namespaceNotFound)
            #expect(error.message.contains("'nope'"))
        }
        #expect(try await repository.listSnapshots().isEmpty)
    }

    @Test func wrongCredentialsAreRejected() async throws {
        let cluster = try await TestCluster.start(records: 10, users: [SimUser(name: "admin", password: "secret")])
        defer { Task { await cluster.stop() } }
        do {
            _ = try await BackupEngine.connect(
                ClusterConfig(seeds: cluster.ports.map { Host("127.0.0.1", $0) }, user: "admin", password: "wrong"))
            Issue.record("login with a wrong password succeeded")
        } catch let error as AeroVaultError {
            #expect(error.code == .authentication)
        }
        let client = try await BackupEngine.connect(
            ClusterConfig(seeds: cluster.ports.map { Host("127.0.0.1", $0) }, user: "admin", password: "secret"))
        await client.close()
    }

    @Test func estimateIsWithinAFactorOfTwo() async throws {
        let cluster = try await TestCluster.start(records: 8000)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let client = try await BackupEngineTests.connect(cluster)
        var config = BackupConfiguration(namespace: "test")
        config.partitions = try PartitionSelection(range: "0-1023")
        let estimate = try await BackupEngine(cluster: client, repository: repository, configuration: config).estimate()
        await client.close()
        #expect(try await repository.listSnapshots().isEmpty)
        let summary = try await BackupEngineTests.backup(cluster, repository) { $0.partitions = config.partitions }
        print("estimate \(estimate.estimatedStoredBytes) B / \(estimate.estimatedRecords) records; actual \(summary.bytesNew) B")
        let ratio = Double(estimate.estimatedStoredBytes) / Double(summary.bytesNew)
        #expect(ratio > 0.5 && ratio < 2)
        #expect(Double(estimate.estimatedRecords) > 0.5 * Double(summary.records))
        #expect(Double(estimate.estimatedRecords) < 2 * Double(summary.records))
    }
}
