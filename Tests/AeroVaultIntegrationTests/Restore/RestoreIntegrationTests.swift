import AeroVault
import AerospikeSim
import AerospikeWire
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

/// Counts progress events (thread-safe), and runs an action once after N finished partitions.
final class CountingRestoreProgress: RestoreProgress, @unchecked Sendable {
    // @unchecked: state guarded by `lock`.
    private let lock = NSLock()
    private var finished = 0
    private let trigger: Int
    private let action: @Sendable () -> Void

    init(after trigger: Int = .max, action: @escaping @Sendable () -> Void = {}) {
        self.trigger = trigger
        self.action = action
    }

    var partitionsFinished: Int { lock.withLock { finished } }

    func report(_ event: RestoreEvent) {
        guard case .partitionFinished = event else { return }
        let fire = lock.withLock { () -> Bool in
            finished += 1
            return finished == trigger
        }
        if fire { action() }
    }
}

/// Backup → restore → verify against a 3-node SimCluster (SPEC.md §14 "restore", "verify").
@Suite(.serialized) struct RestoreIntegrationTests {
    static var recordCount: Int { ProcessInfo.processInfo.environment["AEROVAULT_LONG_TESTS"] == "1" ? 200_000 : 20_000 }

    static func connect(_ cluster: TestCluster) async throws -> Cluster {
        try await BackupEngine.connect(ClusterConfig(seeds: cluster.ports.map { Host("127.0.0.1", $0) }))
    }

    /// Partitions the smaller tests work on (a quarter of the namespace keeps them quick).
    static let quarter = Array(0..<1024)

    static func backup(_ cluster: TestCluster, _ repository: Repository, partitions: [Int]? = nil) async throws -> SnapshotID {
        let client = try await connect(cluster)
        defer { Task { await client.close() } }
        var config = BackupConfiguration(namespace: cluster.namespace)
        if let partitions { config.partitions = try PartitionSelection(ids: partitions) }
        config.parallel = 8
        let summary = try await BackupEngine(cluster: client, repository: repository, configuration: config).run()
        return try #require(ID32(hex: summary.snapshotID))
    }

    static func restore(
        _ id: SnapshotID, from repository: Repository, into cluster: TestCluster, namespace: String,
        options: RestoreOptions = RestoreOptions(), progress: any RestoreProgress = SilentRestoreProgress(),
        clock: (@Sendable () -> Date)? = nil
    ) async throws -> RestoreReport {
        // Without a clock of its own the restore plans TTLs on the simulator's clock, frozen meanwhile,
        // so a restored void time equals the backed-up one however long a loaded machine takes
        // between planning a row and the simulator applying it.
        let simClock = cluster.sim.clock
        if clock == nil { simClock.freeze() }
        defer { if clock == nil { simClock.unfreeze() } }
        let clock = clock ?? { Date(timeIntervalSince1970: Double(simClock.nowMs) / 1000) }
        let client = try await connect(cluster)
        defer { Task { await client.close() } }
        let snapshot = try await repository.loadSnapshot(id)
        var options = options
        options.targetNamespace = namespace
        let source = try await RepositorySnapshotSource(loader: repository, snapshot: snapshot)
        return try await RestoreEngine(source: source, target: client, options: options, progress: progress, clock: clock)
            .run(snapshot: .init(id: id, snapshot: snapshot))
    }

    static func verify(
        _ id: SnapshotID, in repository: Repository, against cluster: TestCluster, namespace: String,
        partitions: [Int]? = nil
    ) async throws -> VerifyReport {
        let client = try await connect(cluster)
        defer { Task { await client.close() } }
        let snapshot = try await repository.loadSnapshot(id)
        let source = try await RepositorySnapshotSource(loader: repository, snapshot: snapshot)
        return try await VerifyEngine(
            source: source, cluster: client, options: .init(targetNamespace: namespace, partitions: partitions, parallel: 8)
        ).run(snapshot: .init(id: id, snapshot: snapshot))
    }

    /// Records of `namespace` by digest (only those of `partitions` when given), for direct comparison.
    static func contents(_ cluster: TestCluster, _ namespace: String, partitions: [Int]? = nil) throws -> [[UInt8]: SimRecord] {
        let wanted = partitions.map { Set($0) }
        var out: [[UInt8]: SimRecord] = [:]
        for r in try cluster.sim.records(namespace: namespace) where wanted?.contains(r.digest.partitionID) ?? true {
            out[r.digest.bytes] = r
        }
        return out
    }

    /// Differences between two namespaces' contents, ignoring generation and last-update time;
    /// void times may differ by `slack` seconds (TTL is restored as remaining seconds).
    static func differences(_ a: [[UInt8]: SimRecord], _ b: [[UInt8]: SimRecord], slack: UInt32 = 3) -> [String] {
        var out: [String] = []
        for (digest, r) in a {
            guard let s = b[digest] else {
                out.append("missing \(HexCoding.encode(digest))")
                continue
            }
            if r.setName != s.setName || r.userKey != s.userKey || r.bins != s.bins {
                out.append("differs \(HexCoding.encode(digest))")
            }
            let dv = r.voidTime > s.voidTime ? r.voidTime - s.voidTime : s.voidTime - r.voidTime
            if (r.voidTime == 0) != (s.voidTime == 0) || dv > slack { out.append("ttl \(HexCoding.encode(digest))") }
        }
        for digest in b.keys where a[digest] == nil { out.append("extra \(HexCoding.encode(digest))") }
        return Array(out.sorted().prefix(5))  // a few examples keep a failure readable
    }

    @Test func incrementalRestoredIntoEmptyNamespaceVerifiesIdentical() async throws {
        let cluster = try await TestCluster.start(records: Self.recordCount, extraNamespaces: ["restored"])
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        var clock = Date()
        func lap(_ what: String) {
            print("[restore-integration] \(what): \(String(format: "%.1f", Date().timeIntervalSince(clock))) s")
            clock = Date()
        }

        _ = try await Self.backup(cluster, repository)
        lap("full backup of \(Self.recordCount)")
        let change = try cluster.mutate()
        let second = try await Self.backup(cluster, repository)
        lap("incremental backup")
        let after = try Self.contents(cluster, cluster.namespace)
        #expect(!change.deleted.isEmpty && !change.updated.isEmpty && !change.inserted.isEmpty)

        let report = try await Self.restore(second, from: repository, into: cluster, namespace: "restored")
        lap("restore of the incremental (\(Int(report.recordsPerSecond)) records/s)")
        #expect(report.isComplete)
        #expect(report.counts.restored == after.count)
        #expect(report.counts.failed == 0 && report.counts.skippedExpired == 0)
        #expect(report.partitionsRestored.count == 4096)

        // Maps, lists, blobs, keys, sets and TTLs intact; deletes applied.
        let restored = try Self.contents(cluster, "restored")
        #expect(Self.differences(after, restored) == [])
        #expect(restored.values.contains { $0.voidTime != 0 })
        #expect(restored.values.contains { $0.bins.contains { $0.particleType == 19 } })
        #expect(restored.values.contains { $0.bins.contains { $0.particleType == 20 } })
        for digest in change.deleted { #expect(restored[digest] == nil) }
        for digest in change.updated + change.inserted { #expect(restored[digest] != nil) }

        let verified = try await Self.verify(second, in: repository, against: cluster, namespace: "restored")
        lap("verify")
        #expect(verified.isIdentical, "\(verified.countsLine)")
        #expect(verified.tally.identical == after.count)
    }

    @Test func olderSnapshotRestoresTheOlderState() async throws {
        let cluster = try await TestCluster.start(records: 8000, extraNamespaces: ["older"])
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        let q = Self.quarter
        let first = try await Self.backup(cluster, repository, partitions: q)
        let before = try Self.contents(cluster, cluster.namespace, partitions: q)
        let mutation = try cluster.mutate(update: 0.02, delete: 0.01, insert: 0.01)
        let inQuarter = { (digests: [[UInt8]]) in digests.filter { Digest.partitionID($0) < q.count } }
        let change = TestCluster.Mutation(
            updated: inQuarter(mutation.updated), deleted: inQuarter(mutation.deleted), inserted: inQuarter(mutation.inserted))
        let second = try await Self.backup(cluster, repository, partitions: q)

        let report = try await Self.restore(
            first, from: repository, into: cluster, namespace: "older", options: RestoreOptions(partitions: q))
        #expect(report.isComplete)
        #expect(report.counts.restored == before.count)
        let restored = try Self.contents(cluster, "older")
        #expect(Self.differences(before, restored) == [])
        for digest in change.deleted { #expect(restored[digest] != nil) }
        for digest in change.inserted { #expect(restored[digest] == nil) }

        let verified = try await Self.verify(first, in: repository, against: cluster, namespace: "older", partitions: q)
        #expect(verified.isIdentical, "\(verified.countsLine)")

        // The newer snapshot against the older state: exactly the change, each kind on its own.
        let cross = try await Self.verify(second, in: repository, against: cluster, namespace: "older", partitions: q)
        #expect(cross.tally.missing == change.inserted.count, "\(cross.countsLine)")
        #expect(cross.tally.extra == change.deleted.count, "\(cross.countsLine)")
        #expect(cross.tally.changed == change.updated.count, "\(cross.countsLine)")
        #expect(cross.status == .different)
    }
}
