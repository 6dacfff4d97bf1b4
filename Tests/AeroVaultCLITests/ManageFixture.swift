import ArchiveStore
import Foundation

/// Builds record snapshots in a CLI test's repository from inside the test process, and reads them
/// back, so the `aerovault` management commands have real data to work on.
struct ManageFixture {
    let repository: Repository

    /// Opens the repository `aerovault init` created for `cli`.
    init(_ cli: CLIRunner) async throws {
        repository = try await Repository.open(backend: LocalBackend(path: cli.repo), password: Array("secret one".utf8))
    }

    static func digest(_ n: Int) -> [UInt8] {
        var state = UInt64(n) &* 0x9E37_79B9_7F4A_7C15 &+ 0x0BAD_CAFE
        var out: [UInt8] = []
        while out.count < 20 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            withUnsafeBytes(of: state) { out.append(contentsOf: $0) }
        }
        return Array(out.prefix(20))
    }

    static func record(_ n: Int, version: Int = 0, padding: Int = 200) -> ArchiveRecord {
        var key: [UInt8] = []
        withUnsafeBytes(of: Int64(n).bigEndian) { key.append(contentsOf: $0) }
        var pad: [UInt8] = []
        var state = UInt64(n * 7919 + version) | 1
        for _ in 0..<padding {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            pad.append(UInt8(truncatingIfNeeded: state >> 56))
        }
        return ArchiveRecord(
            digest: digest(n), set: n % 3 == 0 ? "orders" : "users", key: ArchiveKey(particleType: 1, value: key),
            generation: UInt32(version + 1),
            bins: [ArchiveBin(name: "v", particleType: 3, value: Array("r\(n)v\(version)".utf8)),
                   ArchiveBin(name: "pad", particleType: 4, value: pad)])
    }

    /// November `n` 2026, 10:00 UTC.
    static func day(_ n: Int) -> Date { Date(timeIntervalSince1970: 1_793_527_200 + Double(n - 1) * 86_400) }

    /// Saves a snapshot with `changes` pushed onto `parent`'s table (one layer per touched partition).
    func save(
        _ changes: [ArchiveRecord], parent: (id: SnapshotID, table: PartitionTable)?, time: Date, tags: [String] = [],
        scope: SnapshotScopeFields? = nil
    ) async throws -> (id: SnapshotID, table: PartitionTable) {
        var table = parent?.table ?? PartitionTable()
        let byPartition = Dictionary(grouping: changes) { (Int($0.digest[0]) | Int($0.digest[1]) << 8) & 0x0FFF }
        for (partition, group) in byPartition.sorted(by: { $0.key < $1.key }) {
            var writer = LayerWriter(repository: repository)
            for record in group.sorted(by: { $0.digest.lexicographicallyPrecedes($1.digest) }) {
                try await writer.append(record)
            }
            if let ref = try await writer.finish() { table.stacks[partition].append(ref) }
        }
        var snapshot = Snapshot(
            time: time, host: "h1", tags: tags, parent: parent?.id, clusterName: "c1", namespace: "test")
        snapshot.scope = scope
        return (try await repository.saveSnapshot(snapshot, partitions: table), table)
    }

    /// `count` full snapshots of distinct records (`perSnapshot` each) whose chunks are written
    /// interleaved partition by partition, so every pack mixes chunks of several snapshots
    /// (forgetting one leaves packs partly used: prune must repack them).
    func interleavedFulls(count: Int, perSnapshot: Int) async throws -> [SnapshotID] {
        var tables = Array(repeating: PartitionTable(), count: count)
        var byPartition: [Int: [[ArchiveRecord]]] = [:]
        for n in 0..<count {
            for record in (0..<perSnapshot).map({ Self.record(10_000 * n + $0) }) {
                let partition = (Int(record.digest[0]) | Int(record.digest[1]) << 8) & 0x0FFF
                byPartition[partition, default: Array(repeating: [], count: count)][n].append(record)
            }
        }
        for (partition, groups) in byPartition.sorted(by: { $0.key < $1.key }) {
            for (n, group) in groups.enumerated() where !group.isEmpty {
                var writer = LayerWriter(repository: repository)
                for record in group.sorted(by: { $0.digest.lexicographicallyPrecedes($1.digest) }) {
                    try await writer.append(record)
                }
                if let ref = try await writer.finish() { tables[n].stacks[partition].append(ref) }
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
        let repository = try await ManageFixture(cli).repository
        let snapshot = try await repository.loadSnapshot(id)
        var out: [ArchiveRecord] = []
        for stack in try await repository.loadPartitionTable(snapshot).stacks where !stack.isEmpty {
            let merger = LayerMerger(loader: repository, stack: stack)
            while let record = try await merger.next() { out.append(record) }
        }
        return out
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
