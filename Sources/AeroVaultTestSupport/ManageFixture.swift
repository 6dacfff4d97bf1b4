import AeroVault
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation

/// Repositories with real record snapshots (LayerWriter), for the management engines' tests and the
/// CLI's management command tests.
public enum ManageFixture {
    /// A fresh repository (``TestRepository``) with the default chunker and 8 KiB packs, so a few
    /// hundred records already span many packs.
    public static func repository(backend: any Backend = MemoryBackend(), packSize: Int = 8 << 10) async throws
        -> Repository
    {
        try await TestRepository.make(backend: backend, packSize: packSize, chunker: .default)
    }

    /// The salt ``digest(_:salt:)`` uses unless told otherwise.
    public static let defaultDigestSalt: UInt64 = 0x1234_5678

    /// A 20-byte digest derived from `n` and `salt` (deterministic, spread over partitions).
    public static func digest(_ n: Int, salt: UInt64 = defaultDigestSalt) -> [UInt8] {
        var state = UInt64(n) &* 0x9E37_79B9_7F4A_7C15 &+ salt
        var out: [UInt8] = []
        while out.count < 20 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            withUnsafeBytes(of: state) { out.append(contentsOf: $0) }
        }
        return Array(out.prefix(20))
    }

    /// The partition of a digest (SPEC.md §12.3).
    public static func partition(of digest: [UInt8]) -> Int { (Int(digest[0]) | Int(digest[1]) << 8) & 0x0FFF }

    /// Record `n` of `set` at `version`: a string bin naming both and a 40-byte padding bin.
    public static func record(_ n: Int, set: String = "users", version: Int = 0) -> ArchiveRecord {
        ArchiveRecord(
            digest: digest(n), set: set, key: key(n), generation: UInt32(1 + version),
            bins: [ArchiveBin(name: "name", particleType: 3, value: Array("user-\(n)-v\(version)".utf8)),
                   ArchiveBin(name: "pad", particleType: 4, value: [UInt8](repeating: UInt8(n & 0xFF), count: 40))])
    }

    /// The integer user key `n` (particle type 1, big-endian).
    public static func key(_ n: Int) -> ArchiveKey {
        ArchiveKey(particleType: 1, value: withUnsafeBytes(of: Int64(n).bigEndian, Array.init))
    }

    /// Writes one layer per touched partition and returns the table with those layers pushed.
    public static func push(_ records: [ArchiveRecord], onto table: PartitionTable, in repository: Repository)
        async throws -> PartitionTable
    {
        var table = table
        let byPartition = Dictionary(grouping: records) { partition(of: $0.digest) }
        for (partition, group) in byPartition.sorted(by: { $0.key < $1.key }) {
            var writer = LayerWriter(repository: repository)
            for record in group.sorted(by: { $0.digest.lexicographicallyPrecedes($1.digest) }) {
                try await writer.append(record)
            }
            if let ref = try await writer.finish() { table.stacks[partition].append(ref) }
        }
        return table
    }

    /// Saves a snapshot whose table is `parent`'s with `changes` (records and tombstones) pushed.
    public static func save(
        _ repository: Repository, changes: [ArchiveRecord], parent: (id: SnapshotID, table: PartitionTable)? = nil,
        time: Date = Date(), tags: [String] = [], namespace: String = "test", liveRecords: UInt64 = 0,
        scope: SnapshotScopeFields? = nil
    ) async throws -> (id: SnapshotID, table: PartitionTable) {
        let table = try await push(changes, onto: parent?.table ?? PartitionTable(), in: repository)
        var snapshot = Snapshot(
            time: time, host: "h1", tags: tags, parent: parent?.id, clusterName: "c1", namespace: namespace,
            recordCount: liveRecords)
        snapshot.scope = scope
        return (try await repository.saveSnapshot(snapshot, partitions: table), table)
    }

    /// Every merged record of a snapshot, in partition then digest order.
    public static func records(_ repository: Repository, _ id: SnapshotID) async throws -> [ArchiveRecord] {
        var out: [ArchiveRecord] = []
        try await SnapshotRecords(loader: repository).forEach(id) { _, record in
            out.append(record)
            return true
        }
        return out
    }

    /// November `n` 2026, 10:00 UTC.
    public static func day(_ n: Int) -> Date {
        Date(timeIntervalSince1970: 1_793_527_200 + Double(n - 1) * 86_400)
    }
}
