import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

/// Tiny repositories written once by each golden version and committed under `Fixtures/golden-v<N>`:
/// v1 by the first release; v2 with key file version 2 (SPEC.md §3 "Roles"): an admin, a backup and a
/// restore key, and a snapshot recording its writer (§9 "Audit"). Every later build must open them and
/// read back exactly the same records (SPEC.md §16).
///
/// To write the newest version (only when deliberately adding a new golden version, never to make this
/// test pass): `AEROVAULT_WRITE_GOLDEN=1 swift test --filter GoldenRepositoryTests/writeGolden`.
@Suite struct GoldenRepositoryTests {
    static let password = Array("golden password".utf8)
    /// The version ``writeGolden()`` writes.
    static let newest = 2
    /// The extra keys of golden-v2 and later, with their passwords.
    static let roleKeys: [(role: KeyRole, password: [UInt8])] = [
        (.backup, Array("golden backup password".utf8)), (.restore, Array("golden restore password".utf8)),
    ]

    /// A data chunk golden-v2 holds as a sealed blob of version 2, written with the backup key (SPEC.md §4).
    static let backupChunk = Array("golden record data written with a backup key".utf8)

    static func path(_ version: Int) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/golden-v\(version)").path
    }

    static func digest(_ n: Int) -> [UInt8] {
        [UInt8](repeating: 0xA0, count: 16) + withUnsafeBytes(of: UInt32(n).bigEndian) { Array($0) }
    }

    static func record(_ n: Int, version: Int) -> ArchiveRecord {
        ArchiveRecord(
            digest: digest(n), set: n % 2 == 0 ? "even" : nil,
            key: n % 3 == 0 ? ArchiveKey(particleType: 1, value: withUnsafeBytes(of: Int64(n).bigEndian) { Array($0) }) : nil,
            generation: UInt32(version + 1), voidTime: UInt32(n * 10), lastUpdateTime: 1_700_000_000_000_000_000 + UInt64(n),
            bins: [
                ArchiveBin(name: "n", particleType: 1, value: withUnsafeBytes(of: Int64(n).bigEndian) { Array($0) }),
                ArchiveBin(name: "s", particleType: 3, value: Array("record \(n) v\(version)".utf8)),
            ])
    }

    /// Partition 0: base of 300 records; partition 4095: base of 50 plus an incremental layer.
    static func layers() -> [(partition: Int, changes: [(Int, ArchiveRecord)])] {
        let base0 = (0..<300).map { ($0, record($0, version: 0)) }
        let base1 = (1000..<1050).map { ($0, record($0, version: 0)) }
        let incremental = (1000..<1060).compactMap { n -> (Int, ArchiveRecord)? in
            if n % 4 == 0 { return (n, .tombstone(digest: digest(n))) }
            if n % 4 == 1 || n >= 1050 { return (n, record(n, version: 1)) }
            return nil
        }
        return [(0, base0), (4095, base1), (4095, incremental)]
    }

    static func expected(partition: Int) -> [ArchiveRecord] {
        var model: [Int: ArchiveRecord] = [:]
        for layer in layers() where layer.partition == partition {
            for (n, record) in layer.changes { model[n] = record.isTombstone ? nil : record }
        }
        return model.keys.sorted().map { model[$0]! }
    }

    static let snapshotTime = Date(timeIntervalSince1970: 1_764_000_000.5)

    @Test(.enabled(if: ProcessInfo.processInfo.environment["AEROVAULT_WRITE_GOLDEN"] != nil))
    func writeGolden() async throws {
        let path = Self.path(Self.newest)
        try? FileManager.default.removeItem(atPath: path)
        let repo = try await Repository.initialize(
            backend: LocalBackend(path: path), password: Self.password, kdf: .insecureFastForTesting,
            chunker: ChunkerParameters(averageSize: 2048, minSize: 512, maxSize: 8192), packSize: 4 << 10)
        var table = PartitionTable()
        for (partition, changes) in Self.layers() {
            var writer = LayerWriter(repository: repo)
            for (_, record) in changes { try await writer.append(record) }
            table = table.pushing(try #require(try await writer.finish()), onto: partition)
        }
        let sindex = try await repo.saveChunk(Array(#"[{"name":"idx_n","bin":"n","type":"numeric"}]"#.utf8), type: .tree)
        let snapshot = Snapshot(
            time: Self.snapshotTime, host: "golden-host", username: "golden", tags: ["golden"], clusterName: "golden",
            namespace: "test", sets: [], scanWindow: ScanWindow(lastUpdateFrom: nil, lastUpdateTo: 1_764_000_000_000_000_000),
            recordCount: UInt64(Self.expected(partition: 0).count + Self.expected(partition: 4095).count),
            metadata: ["sindex": sindex.id], programVersion: "0.1.0")
        _ = try await repo.saveSnapshot(snapshot, partitions: table)
        for key in Self.roleKeys { _ = try await repo.addKey(password: key.password, role: key.role) }
        let backup = try await Repository.open(backend: repo.backend, password: Self.roleKeys[0].password)
        _ = try await backup.saveChunk(Self.backupChunk, type: .data)
        try await backup.flush()
        try? FileManager.default.removeItem(atPath: path + "/tmp")
    }

    /// Version 1 key files act as admin keys; version 2 ones keep their roles.
    @Test(arguments: [1, 2]) func goldenKeysOpenWithTheirRoles(version: Int) async throws {
        let backend = LocalBackend(path: Self.path(version))
        let admin = try await Repository.open(backend: backend, password: Self.password, requiring: .admin)
        #expect(admin.role == .admin)
        let versions = Set(try await admin.listKeys().map(\.info.version))
        #expect(versions == [UInt8(version)])
        guard version >= 2 else { return }
        for key in Self.roleKeys {
            #expect(try await Repository.open(backend: backend, password: key.password).role == key.role)
        }
        let snapshot = try await admin.loadSnapshot(try await admin.resolveSnapshot("latest"))
        #expect(snapshot.keyRole == "admin")
        let adminKey = await admin.keyID
        #expect(snapshot.keyID == adminKey)
        // The version 2 blob opens with the admin and restore keys, not with the backup key that wrote it.
        let id = admin.chunkID(of: Self.backupChunk)
        #expect(try await admin.loadChunk(id) == Self.backupChunk)
        #expect(try await Repository.open(backend: backend, password: Self.roleKeys[1].password).loadChunk(id) == Self.backupChunk)
        let backup = try await Repository.open(backend: backend, password: Self.roleKeys[0].password)
        let refused = await #expect(throws: ArchiveStoreError.self) { _ = try await backup.loadChunk(id) }
        #expect(refused?.code == .roleRefused)
    }

    @Test(arguments: [1, 2]) func goldenRepositoryStaysReadable(version: Int) async throws {
        let path = Self.path(version)
        try #require(FileManager.default.fileExists(atPath: path + "/config"), "fixture missing at \(path)")
        let repo = try await Repository.open(backend: LocalBackend(path: path), password: Self.password)
        #expect(repo.config.version == .v1)
        #expect(repo.config.chunker == ChunkerParameters(averageSize: 2048, minSize: 512, maxSize: 8192))
        let snapshots = try await repo.listSnapshots()
        #expect(snapshots.count == 1)
        let id = try await repo.resolveSnapshot("latest")
        let snapshot = try await repo.loadSnapshot(id)
        #expect(snapshot.time == Self.snapshotTime)
        #expect(snapshot.host == "golden-host")
        #expect(snapshot.tags == ["golden"])
        #expect(snapshot.namespace == "test")
        #expect(String(decoding: try await repo.loadChunk(try #require(snapshot.metadata["sindex"])), as: UTF8.self)
            .contains("idx_n"))
        let table = try await repo.loadPartitionTable(snapshot)
        #expect(table.stacks[0].count == 1)
        #expect(table.stacks[4095].count == 2)
        let middleEmpty = table.stacks[1...4094].allSatisfy { $0.isEmpty }
        #expect(middleEmpty)
        for partition in [0, 4095] {
            var merged: [ArchiveRecord] = []
            try await repo.readPartition(partition, of: table).forEach { merged.append($0) }
            #expect(merged == Self.expected(partition: partition), "partition \(partition)")
        }
        #expect(throws: ArchiveStoreError.self) { _ = try repo.readPartition(4096, of: table) }
        #expect(snapshot.recordCount == UInt64(Self.expected(partition: 0).count + Self.expected(partition: 4095).count))
        // Every indexed chunk is intact, and every file still hashes to its name.
        var ids: [ChunkID] = []
        await repo.forEachIndexedChunk { id, _ in ids.append(id) }
        #expect(ids.count > 5)
        for id in ids { _ = try await repo.loadChunk(id) }
        for kind in [FileKind.key, .index, .snapshot, .pack] {
            for file in try await repo.backend.list(kind) {
                try SealedFile.verifyName(try await repo.backend.load(kind, name: file.name), kind: kind, name: file.name)
            }
        }
    }
}
