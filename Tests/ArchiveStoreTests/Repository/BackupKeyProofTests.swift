import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

/// Proof, not trust (SPEC.md §3 "Backup keys"): a session opened with only a backup key tries to decrypt
/// every data chunk of every pack — earlier snapshots' and its own — and fails each time, while admin
/// and restore keys read what it wrote back exactly.
@Suite struct BackupKeyProofTests {
    static func records(_ range: Range<Int>, version: Int) -> [ArchiveRecord] {
        range.map { n in
            ArchiveRecord(
                digest: [UInt8](repeating: 0x11, count: 16) + withUnsafeBytes(of: UInt32(n).bigEndian) { Array($0) },
                set: "s", bins: [ArchiveBin(name: "v", particleType: 3, value: Array("secret \(n) v\(version)".utf8))])
        }
    }

    static func save(_ records: [ArchiveRecord], in repository: Repository) async throws -> SnapshotID {
        var writer = LayerWriter(repository: repository)
        for record in records { try await writer.append(record) }
        let table = PartitionTable().pushing(try #require(try await writer.finish()), onto: 7)
        return try await repository.saveSnapshot(Snapshot(namespace: "test"), partitions: table)
    }

    static func read(_ id: SnapshotID, in repository: Repository) async throws -> [ArchiveRecord] {
        let table = try await repository.loadPartitionTable(try await repository.loadSnapshot(id))
        var out: [ArchiveRecord] = []
        try await repository.readPartition(7, of: table).forEach { out.append($0) }
        return out
    }

    /// Opens every data chunk of every pack with `repository`'s keys, straight from the pack bytes;
    /// returns how many were tried and how many opened.
    static func decryptEveryDataChunk(_ repository: Repository) async throws -> (tried: Int, opened: Int) {
        var tried = 0, opened = 0
        for file in try await repository.backend.list(.pack) {
            let pack = try #require(ID32(hex: file.name))
            let bytes = try await repository.backend.load(.pack, name: file.name)
            let entries = try await PackReader.loadHeader(pack, backend: repository.backend, sealer: repository.sealer)
            for entry in entries where entry.type == .data {
                tried += 1
                let sealed = Array(bytes[Int(entry.offset)..<Int(entry.offset + entry.length)])
                for purpose in [SealPurpose.data, .metadata] {
                    if (try? repository.sealer.open(sealed, purpose: purpose, associatedData: entry.id.bytes)) != nil {
                        opened += 1
                    }
                }
            }
        }
        return (tried, opened)
    }

    @Test func backupKeyDecryptsNoRecordDataAndRestoreKeyReadsItsSnapshot() async throws {
        let admin = try await TestRepository.make()
        let earlier = Self.records(0..<400, version: 0)
        let adminSnapshot = try await Self.save(earlier, in: admin)
        _ = try await admin.addKey(password: Array("backup".utf8), role: .backup)
        _ = try await admin.addKey(password: Array("restore".utf8), role: .restore)

        let backup = try await Repository.open(backend: admin.backend, password: Array("backup".utf8))
        #expect(!backup.canReadRecordData)
        let before = try await Self.decryptEveryDataChunk(backup)
        #expect(before.tried > 3 && before.opened == 0)
        // Through the repository too: every data chunk is refused, tree chunks (metadata) are readable.
        var data: [ChunkID] = [], tree: [ChunkID] = []
        await backup.forEachIndexedChunk { id, location in
            if location.type == .data { data.append(id) } else { tree.append(id) }
        }
        for id in data {
            await #expect(throws: ArchiveStoreError.self) { _ = try await backup.loadChunk(id) }
        }
        for id in tree { _ = try await backup.loadChunk(id) }
        await #expect(throws: ArchiveStoreError.self) { _ = try await Self.read(adminSnapshot, in: backup) }

        // The backup key writes a snapshot; it cannot read its own record data back either.
        let written = Self.records(200..<700, version: 1)
        let backupSnapshot = try await Self.save(written, in: backup)
        let after = try await Self.decryptEveryDataChunk(backup)
        #expect(after.tried > before.tried && after.opened == 0)
        await #expect(throws: ArchiveStoreError.self) { _ = try await Self.read(backupSnapshot, in: backup) }

        // Admin and restore keys read both snapshots exactly.
        let restore = try await Repository.open(backend: admin.backend, password: Array("restore".utf8))
        for reader in [try await TestRepository.reopen(admin), restore] {
            #expect(try await Self.read(adminSnapshot, in: reader) == earlier)
            #expect(try await Self.read(backupSnapshot, in: reader) == written)
            let everything = try await Self.decryptEveryDataChunk(reader)
            #expect(everything.opened == everything.tried)
        }
    }

    /// A backup key file wraps no master key: the bytes it holds cannot derive the data or secret key.
    @Test func backupKeyFileHoldsNoMasterKey() async throws {
        let admin = try await TestRepository.make()
        let id = try await admin.addKey(password: Array("backup".utf8), role: .backup)
        let file = try await admin.backend.load(.key, name: id.hex)
        let opened = try KeyFile.open(file, password: Array("backup".utf8))
        #expect(opened.master == nil && opened.role == .backup && !opened.keys.canReadRecordData)
        #expect(file.count == 252 + ProcessInfo.processInfo.hostName.utf8.count
            + (ProcessInfo.processInfo.environment["USER"] ?? "").utf8.count)
        let added = await #expect(throws: ArchiveStoreError.self) {
            _ = try await Repository.open(backend: admin.backend, password: Array("backup".utf8)).addKey(password: [1])
        }
        #expect(added?.code == .roleRefused)
    }
}
