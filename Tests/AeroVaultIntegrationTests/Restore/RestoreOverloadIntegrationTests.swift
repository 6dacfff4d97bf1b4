import AeroVault
import AerospikeSim
import ArchiveStoreTestSupport
import Foundation
import Testing

/// Restore under transient overload from the simulator (SPEC.md §14 "restore", "Retries and overload");
/// `RestoreOverloadTests` covers the same against a scripted target.
@Suite(.serialized) struct RestoreOverloadIntegrationTests {
    typealias It = RestoreIntegrationTests

    /// The issue's trial: 30 % of the simulator's writes (and batches) answered 18. The restore
    /// finishes, the data verify identical, and the report counts the retries.
    @Test func simulatorAnsweringDeviceOverloadRestoresIdentical() async throws {
        let cluster = try await TestCluster.start(records: 20_000, extraNamespaces: ["restored"])
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let id = try await It.backup(cluster, repository)
        let expected = try It.contents(cluster, cluster.namespace)
        cluster.sim.setFault(SimFaults(errorCode: 18, errorRate: 0.3))
        let report = try await It.restore(id, from: repository, into: cluster, namespace: "restored")
        cluster.sim.clearFaults()
        let r = report.retries
        print(
            "[restore-overload] \(report.counts.restored) records in \(String(format: "%.1f", report.seconds)) s; "
                + "\(r.retries) retries, \(r.overloadAnswers) overload answers, \(r.windowCuts) window cuts "
                + "(lowest \(r.smallestWindow)); \(report.pipeline.batches) batches, "
                + "write \(String(format: "%.1f", report.pipeline.writeSeconds)) s, "
                + "writers idle \(String(format: "%.1f", report.pipeline.queueEmptySeconds)) s")
        #expect(report.isComplete, "\(report.recordFailures.prefix(3))")
        #expect(report.counts.restored == expected.count)
        #expect(report.retries.retries > 1000)
        #expect(report.retries.overloadAnswers > 1000)
        #expect(report.retries.rowsGivenUp == 0)
        #expect(It.differences(expected, try It.contents(cluster, "restored")) == [])
        let verified = try await It.verify(id, in: repository, against: cluster, namespace: "restored")
        #expect(verified.isIdentical, "\(verified.countsLine)")

        // The JSON summary carries the figures (RestoreReport is what `--json` prints, snake_case).
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let json = try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any]
        let retries = try #require(json?["retries"] as? [String: Any])
        #expect(retries["retries"] as? Int == report.retries.retries)
        #expect(retries["overload_answers"] as? Int == report.retries.overloadAnswers)
    }
}
