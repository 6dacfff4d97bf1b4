import AerospikeSim
import Testing
@testable import AerospikeWire

/// Retry paths against the simulator's fault injection.
@Suite(.serialized) struct FaultIntegrationTests {
    static let fastRetry = RetryPolicy(maxRetries: 10, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(20))

    @Test func putsRetryKeyBusyAndDeviceOverload() async throws {
        try await withSimCluster { sim, cluster in
            sim.setFault(SimFaults(errorCode: 14, errorRate: 0.4))
            for i in 0..<40 {
                let key = Key(namespace: "test", set: "f", userKey: .integer(Int64(i)))
                try await cluster.put(key, bins: [Bin("v", .integer(1))], policy: WritePolicy(retry: Self.fastRetry))
            }
            sim.setFault(SimFaults(errorCode: 18, errorRate: 1))
            let key = Key(namespace: "test", set: "f", userKey: .integer(1))
            do {
                try await cluster.put(
                    key, bins: [Bin("v", .integer(2))],
                    policy: WritePolicy(retry: RetryPolicy(maxRetries: 2, initialBackoff: .milliseconds(1))))
                Issue.record("put succeeded under a permanent DEVICE_OVERLOAD")
            } catch let e as WireError {
                #expect(e.code == .server(.deviceOverload))
            }
            sim.clearFaults()
            #expect(try sim.recordCount(namespace: "test") == 40)
        }
    }

    @Test func slowRepliesTimeOut() async throws {
        try await withSimCluster { sim, cluster in
            // 20× the timeout: on a loaded machine a late timer must still fire before the reply comes
            // (with 400 ms the reply once won the race in the full suite beside a fuzz build).
            sim.setFault(SimFaults(replyDelayMs: 2000))
            let key = Key(namespace: "test", set: nil, userKey: .integer(5))
            do {
                try await cluster.put(
                    key, bins: [Bin("v", .integer(2))],
                    policy: WritePolicy(timeout: .milliseconds(100), retry: RetryPolicy(maxRetries: 1, initialBackoff: .milliseconds(1))))
                Issue.record("put did not time out")
            } catch let e as WireError {
                #expect(e.code == .timeout)
            }
            sim.clearFaults()
        }
    }

    @Test func batchRowsRetriedAfterTransientErrors() async throws {
        try await withSimCluster { sim, cluster in
            sim.setFault(SimFaults(errorCode: 11, errorRate: 0.2))  // applied per request and again per row
            let writes = (0..<2000).map {
                BatchWrite(key: Key(namespace: "test", set: "b", userKey: .integer(Int64($0))), action: .put([Bin("v", .integer(1))]))
            }
            let results = try await cluster.batchWrite(writes, policy: BatchPolicy(retry: Self.fastRetry, maxRowsPerRequest: 300))
            sim.clearFaults()
            let failures = results.compactMap { r -> String? in
                if case .failure(let e) = r.outcome { return e.description } else { return nil }
            }
            #expect(failures.isEmpty, "\(failures.count) rows failed, first: \(failures.first ?? "")")
            #expect(try sim.recordCount(namespace: "test") == 2000)
        }
    }

    /// A node killed after applying a batch but before answering: its rows are retried on the new master,
    /// which refuses the generation-checked rewrite of the first attempt (3); those rows are flagged in doubt.
    @Test func batchRowsOfANodeKilledBeforeReplyingAreInDoubt() async throws {
        try await withSimCluster { sim, cluster in
            // Node 1 applies its rows at once and holds the reply 5 s: long enough on any machine for
            // the kill below to land while the reply is held (the kill ends the wait).
            sim.setFault(SimFaults(replyDelayMs: 5000), node: 1)
            let writes = (0..<300).map {
                BatchWrite(
                    key: Key(namespace: "test", set: "d", userKey: .integer(Int64($0))), action: .put([Bin("v", .integer(1))]),
                    policy: WritePolicy(generation: .greater(1)))
            }
            async let results = cluster.batchWrite(writes, policy: BatchPolicy(retry: Self.fastRetry))
            // Wait (bounded) until every row is applied, node 1's included: node 1 now holds its reply.
            let deadline = ContinuousClock.now + .seconds(30)
            while try sim.recordCount(namespace: "test") < 300, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            try await sim.kill(node: 1)
            sim.clearFaults()
            let rows = try await results
            let doubtful = rows.filter(\.inDoubt)
            #expect(!doubtful.isEmpty)
            #expect(doubtful.allSatisfy { $0.resultCode == .generationError })
            #expect(rows.filter { !$0.inDoubt }.allSatisfy { $0.resultCode == .ok })
            #expect(try sim.recordCount(namespace: "test") == 300)
        }
    }

    @Test func scanSurvivesErrorMarkersAndDroppedSockets() async throws {
        try await withSimCluster { sim, cluster in
            try sim.seed(namespace: "test", records: 3000, seed: 7)
            for faults in [SimFaults(errorCode: 11, errorRate: 0.3), SimFaults(dropScanAfterRecords: 400)] {
                sim.setFault(faults)
                var seen = Set<[UInt8]>()
                var duplicates = 0
                var done = 0
                for try await event in cluster.scan(ScanRequest(namespace: "test", maxRounds: 12)) {
                    switch event {
                    case .record(let r): if !seen.insert(r.digest).inserted { duplicates += 1 }
                    case .partitionDone: done += 1
                    }
                }
                #expect(duplicates == 0)
                #expect(seen.count == 3000)
                #expect(done == 4096)
            }
            sim.clearFaults()
        }
    }

    @Test func scanGivesUpWithClearErrorWhenPartitionsNeverComplete() async throws {
        try await withSimCluster(SimConfig(nodeCount: 1)) { sim, cluster in
            try sim.seed(namespace: "test", records: 100, seed: 1)
            sim.setFault(SimFaults(errorCode: 11, errorRate: 1))
            do {
                for try await _ in cluster.scan(ScanRequest(namespace: "test", partitions: .range(0..<4), maxRounds: 2)) {}
                Issue.record("scan completed although every partition failed")
            } catch let e as WireError {
                #expect(e.code == .incomplete)
                #expect(e.message.contains("4 partitions incomplete"))
            }
            sim.clearFaults()
        }
    }

    @Test func scanOfUnknownNamespaceFailsFast() async throws {
        try await withSimCluster(SimConfig(nodeCount: 1)) { _, cluster in
            do {
                for try await _ in cluster.scan(ScanRequest(namespace: "nope")) {}
                Issue.record("scan of an unknown namespace succeeded")
            } catch let e as WireError {
                #expect(e.code == .server(.invalidNamespace))
            }
        }
    }

    /// Every node gone (and dropped from the map by tending): the cluster is unreachable, which is
    /// not the same as a namespace no node serves (issue 15 item 8).
    @Test func scanWithEveryNodeDownSaysTheClusterIsUnreachable() async throws {
        try await withSimCluster(SimConfig(nodeCount: 2)) { sim, cluster in
            try sim.seed(namespace: "test", records: 10, seed: 1)
            for node in 0..<2 { try await sim.kill(node: node) }
            // Forced tends until the dead nodes are dropped (3 failed polls each); bounded.
            for _ in 0..<8 where await !cluster.currentNodes.isEmpty { try? await cluster.refresh() }
            do {
                for try await _ in cluster.scan(ScanRequest(namespace: "test")) {}
                Issue.record("scan succeeded with every node down")
            } catch let e as WireError {
                #expect(e.code == .noNodes)
                #expect(e.message.contains("unreachable"), "\(e.message)")
            }
        }
    }

    @Test func stoppingIterationEarlyCancelsTheScan() async throws {
        try await withSimCluster { sim, cluster in
            try sim.seed(namespace: "test", records: 5000, seed: 3)
            var n = 0
            for try await event in cluster.scan(ScanRequest(namespace: "test", bufferSize: 8)) {
                if case .record = event { n += 1 }
                if n == 50 { break }
            }
            #expect(n == 50)
            // The cluster stays usable.
            #expect(try await cluster.exists(Key(namespace: "test", set: nil, userKey: .integer(-1))) == false)
        }
    }
}
