import AeroVaultTestSupport
import ArchiveStore
import Foundation

/// A CLI test's repository opened inside the test process: ``ManageFixture`` snapshots written into
/// it, and read back, so the `aerovault` management commands have real data to work on.
struct CLIFixture {
    let repository: Repository

    /// Opens the repository `aerovault init` created for `cli`.
    init(_ cli: CLIRunner) async throws {
        repository = try await Repository.open(backend: LocalBackend(path: cli.repo), password: Array("secret one".utf8))
    }

    /// The digest of record `n` (its own salt, so CLI records differ from the engine tests' ones).
    static func digest(_ n: Int) -> [UInt8] { ManageFixture.digest(n, salt: 0x0BAD_CAFE) }

    /// Record `n` at `version`: set "orders" for every third `n`, else "users"; a short string bin and
    /// `padding` pseudo-random (incompressible) bytes, so a few records fill a small pack.
    static func record(_ n: Int, version: Int = 0, padding: Int = 200) -> ArchiveRecord {
        var pad: [UInt8] = []
        var state = UInt64(n * 7919 + version) | 1
        for _ in 0..<padding {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            pad.append(UInt8(truncatingIfNeeded: state >> 56))
        }
        return ArchiveRecord(
            digest: digest(n), set: n % 3 == 0 ? "orders" : "users", key: ManageFixture.key(n),
            generation: UInt32(version + 1),
            bins: [ArchiveBin(name: "v", particleType: 3, value: Array("r\(n)v\(version)".utf8)),
                   ArchiveBin(name: "pad", particleType: 4, value: pad)])
    }

    /// November `n` 2026, 10:00 UTC.
    static func day(_ n: Int) -> Date { ManageFixture.day(n) }

    /// Saves a snapshot with `changes` pushed onto `parent`'s table (one layer per touched partition).
    func save(
        _ changes: [ArchiveRecord], parent: (id: SnapshotID, table: PartitionTable)?, time: Date, tags: [String] = [],
        scope: SnapshotScopeFields? = nil
    ) async throws -> (id: SnapshotID, table: PartitionTable) {
        try await ManageFixture.save(repository, changes: changes, parent: parent, time: time, tags: tags, scope: scope)
    }

    /// `count` full snapshots of distinct records (`perSnapshot` each) whose chunks are written
    /// interleaved partition by partition, so every pack mixes chunks of several snapshots
    /// (forgetting one leaves packs partly used: prune must repack them).
    func interleavedFulls(count: Int, perSnapshot: Int) async throws -> [SnapshotID] {
        var tables = Array(repeating: PartitionTable(), count: count)
        var byPartition: [Int: [[ArchiveRecord]]] = [:]
        for n in 0..<count {
            for record in (0..<perSnapshot).map({ Self.record(10_000 * n + $0) }) {
                byPartition[ManageFixture.partition(of: record.digest), default: Array(repeating: [], count: count)][n]
                    .append(record)
            }
        }
        for (_, groups) in byPartition.sorted(by: { $0.key < $1.key }) {
            for (n, group) in groups.enumerated() where !group.isEmpty {
                tables[n] = try await ManageFixture.push(group, onto: tables[n], in: repository)
            }
        }
        var ids: [SnapshotID] = []
        for (n, table) in tables.enumerated() {
            let snapshot = Snapshot(time: Self.day(n + 1), host: "h1", clusterName: "c1", namespace: "test")
            ids.append(try await repository.saveSnapshot(snapshot, partitions: table))
        }
        return ids
    }

    /// Thirty daily snapshots: day 1 holds `records` (≥ 131) records; each later day changes 3
    /// (among 2…80), deletes 1 (among 102…130) and adds 2 (from 1004 on).
    func dailyChain(records: Int = 140) async throws -> [SnapshotID] {
        precondition(records > 130)
        var parent = try await save((0..<records).map { Self.record($0) }, parent: nil, time: Self.day(1))
        var ids = [parent.id]
        for day in 2...30 {
            var changes = [day, day + 25, day + 50].map { Self.record($0, version: day) }
            changes.append(ArchiveRecord.tombstone(digest: Self.digest(100 + day)))
            changes += [1000 + 2 * day, 1001 + 2 * day].map { Self.record($0) }
            parent = try await save(changes, parent: parent, time: Self.day(day))
            ids.append(parent.id)
        }
        return ids
    }

    /// Every merged record of a snapshot (fresh repository handle, so it sees other processes' work).
    static func records(_ cli: CLIRunner, _ id: SnapshotID) async throws -> [ArchiveRecord] {
        try await ManageFixture.records(try await CLIFixture(cli).repository, id)
    }

    /// Pack files under `data/` with their sizes.
    static func packFiles(_ cli: CLIRunner) throws -> [(path: String, size: Int)] {
        let root = cli.repo + "/data"
        var out: [(String, Int)] = []
        for sub in try FileManager.default.contentsOfDirectory(atPath: root) {
            let dir = root + "/" + sub
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
                let path = dir + "/" + name
                let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                out.append((path, size))
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }
}
