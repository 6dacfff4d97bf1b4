import AerospikeWire
import ArchiveStore
import Foundation

/// The cluster the demo runs against: a running (simulated) cluster it can load and change.
///
/// `aerovault demo` implements it with an embedded 3-node `SimCluster`; AeroVault itself knows no
/// simulator, so the engine library never links a server.
public protocol DemoCluster: Sendable {
    /// Seed addresses of the running nodes.
    var seeds: [AerospikeWire.Host] { get }
    /// Namespace the data is loaded into and backed up from.
    var sourceNamespace: String { get }
    /// Two empty namespaces the snapshots are restored into.
    var restoreNamespaces: (first: String, second: String) { get }
    /// Loads `records` records of a realistic mix; returns the seconds it took.
    func load(records: Int) async throws -> Double
    /// Updates, deletes and inserts these fractions of the records ("the next day").
    func change(update: Double, delete: Double, insert: Double) async throws -> DemoChange
    /// Live records in `namespace`.
    func recordCount(namespace: String) async throws -> Int
}

/// What ``DemoCluster/change(update:delete:insert:)`` did.
public struct DemoChange: Sendable, Equatable {
    public var updated: Int
    public var deleted: Int
    public var inserted: Int

    public init(updated: Int, deleted: Int, inserted: Int) {
        self.updated = updated
        self.deleted = deleted
        self.inserted = inserted
    }
}

/// The `aerovault demo` walk-through (SPEC.md §14 "demo"): load → full backup → changes → incremental
/// backup → list snapshots → restore + verify each snapshot into an empty namespace.
///
/// It narrates each step with its numbers through `say` and throws ``AeroVaultError`` naming the step
/// that failed; it never prints itself.
public struct DemoScenario: Sendable {
    public var records: Int
    /// Where the repository goes (created if missing; must not hold a repository yet).
    public var repositoryPath: String
    public var password: [UInt8]
    public var kdf: KDFParameters
    let say: @Sendable (String) -> Void

    public init(
        records: Int, repositoryPath: String, password: [UInt8], kdf: KDFParameters = .default,
        say: @escaping @Sendable (String) -> Void
    ) {
        self.records = records
        self.repositoryPath = repositoryPath
        self.password = password
        self.kdf = kdf
        self.say = say
    }

    /// Runs every step against `cluster`.
    /// - Throws: ``AeroVaultError`` naming the failed step (`.mismatch` when a verify finds differences).
    public func run(on cluster: any DemoCluster) async throws {
        let started = Date()
        let ns = cluster.sourceNamespace
        let targets = cluster.restoreNamespaces

        try await step("1/8 load") {
            let seconds = try await cluster.load(records: records)
            say("Loaded \(records) records (ints, strings, blobs, maps, lists; 4 sets; 10 % with a TTL) into "
                + "namespace '\(ns)' of a 3-node simulated cluster at \(cluster.seeds.map(\.description).joined(separator: ", ")) "
                + "in \(Self.seconds(seconds)).")
        }

        let repository = try await step("2/8 init") { () -> Repository in
            try FileManager.default.createDirectory(atPath: repositoryPath, withIntermediateDirectories: true)
            let repo = try await Repository.initialize(backend: LocalBackend(path: repositoryPath), password: password, kdf: kdf)
            say("Created an encrypted repository at \(repositoryPath) (Argon2id key file, zstd + XChaCha20-Poly1305).")
            return repo
        }

        let client = try await step("connect") { try await BackupEngine.connect(ClusterConfig(seeds: cluster.seeds)) }
        defer { Task { await client.close() } }
        let backup = { @Sendable () async throws -> BackupSummary in
            var config = BackupConfiguration(namespace: ns)
            config.checkpointInterval = 3600
            return try await BackupEngine(cluster: client, repository: repository, configuration: config).run()
        }

        let full = try await step("3/8 full backup") { try await backup() }
        say("Full backup: snapshot \(full.snapshotID.prefix(8)) holds \(full.snapshotRecords) records; stored "
            + "\(Self.bytes(full.bytesNew)) new (compressed, encrypted, deduplicated) in \(Self.seconds(full.durationSeconds)) "
            + "(\(Int(full.recordsPerSecond)) records/s).")

        let change = try await step("4/8 changes") {
            try await cluster.change(update: 0.01, delete: 0.005, insert: 0.005)
        }
        say("Next day: updated \(change.updated), deleted \(change.deleted) and inserted \(change.inserted) records.")

        let incremental = try await step("5/8 incremental backup") { try await backup() }
        let share = full.bytesNew > 0 ? Double(incremental.bytesNew) / Double(full.bytesNew) * 100 : 0
        say("Incremental backup: snapshot \(incremental.snapshotID.prefix(8)) (parent \(full.snapshotID.prefix(8))) "
            + "stored \(incremental.records) changed records and \(incremental.tombstones) tombstones: "
            + "\(Self.bytes(incremental.bytesNew)) new (\(String(format: "%.1f", share)) % of the full backup), "
            + "\(incremental.partitionsReused) of 4096 partitions reused unchanged, in \(Self.seconds(incremental.durationSeconds)).")

        try await step("6/8 snapshots") {
            say("Snapshots in the repository:")
            for entry in try await repository.listSnapshots() {
                let parent = entry.snapshot.parent.map { "incremental on \($0.short)" } ?? "full"
                say("  \(entry.id.short)  \(ISO8601DateFormatter().string(from: entry.snapshot.time))  "
                    + "\(entry.snapshot.namespace)  \(entry.snapshot.recordCount) records  \(parent)")
            }
        }

        let pairs = [
            ("7/8", full.snapshotID, targets.first, "first (full)"),
            ("8/8", incremental.snapshotID, targets.second, "second (incremental)"),
        ]
        for (number, hex, target, label) in pairs {
            try await step("\(number) restore + verify of the \(label) snapshot") {
                try await restoreAndVerify(hex, into: target, label: label, repository: repository, client: client, cluster: cluster)
            }
        }
        say("All steps passed in \(Self.seconds(Date().timeIntervalSince(started))): both restores are identical to their snapshots.")
    }

    private func restoreAndVerify(
        _ hex: String, into target: String, label: String, repository: Repository, client: Cluster, cluster: any DemoCluster
    ) async throws {
        guard let id = ID32(hex: hex) else { throw AeroVaultError(.notFound, "snapshot id \(hex) is not valid") }
        let snapshot = try await repository.loadSnapshot(id)
        let info = RestoreEngine.SnapshotInfo(id: id, snapshot: snapshot)
        let source = try await RepositorySnapshotSource(loader: repository, snapshot: snapshot)
        let report = try await RestoreEngine(source: source, target: client, options: RestoreOptions(targetNamespace: target))
            .run(snapshot: info)
        guard report.isComplete else {
            throw AeroVaultError(.partitionsFailed, "restore incomplete: \(report.partitionsFailed.first?.message ?? "records failed")")
        }
        let count = try await cluster.recordCount(namespace: target)
        say("Restored the \(label) snapshot \(id.short) into empty namespace '\(target)': \(report.counts.restored) records "
            + "(\(Self.bytes(report.counts.bytes))) in \(Self.seconds(report.seconds)) (\(Int(report.recordsPerSecond)) records/s); "
            + "'\(target)' now holds \(count) records.")
        let verified = try await VerifyEngine(source: source, cluster: client, options: .init(targetNamespace: target))
            .run(snapshot: info)
        guard verified.isIdentical else {
            throw AeroVaultError(.mismatch, "verify of '\(target)' against \(id.short) found differences: \(verified.countsLine)")
        }
        say("Verified '\(target)' against snapshot \(id.short): \(verified.tally.identical) records identical, "
            + "0 missing, 0 extra, 0 changed (\(Self.seconds(verified.seconds))).")
    }

    /// Runs one step, wrapping any error so the message names the step.
    private func step<T>(_ name: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AeroVaultError {
            throw AeroVaultError(error.code, "demo step \(name) failed: \(error.message)", cause: error.cause)
        } catch {
            throw AeroVaultError(.cluster, "demo step \(name) failed: \(error)", cause: error)
        }
    }

    static func seconds(_ s: Double) -> String { String(format: "%.1f s", s) }

    static func bytes(_ n: Int) -> String {
        n >= 1 << 20 ? String(format: "%.1f MiB", Double(n) / 1_048_576) : String(format: "%.1f KiB", Double(n) / 1024)
    }
}
