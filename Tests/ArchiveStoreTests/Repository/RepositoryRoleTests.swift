import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

/// Key roles (SPEC.md §3 "Roles"): the role is read from the key file that opened the session, and the
/// library refuses what the role does not permit — removals, prune, index repair and key changes
/// need admin, saving a snapshot needs admin or backup.
@Suite struct RepositoryRoleTests {
    static let backupPassword = Array("backup key".utf8)
    static let restorePassword = Array("restore key".utf8)

    /// A repository with one admin key (from `init`) plus a backup and a restore key.
    static func makeWithRoles() async throws -> Repository {
        let admin = try await TestRepository.make()
        _ = try await admin.addKey(password: backupPassword, role: .backup)
        _ = try await admin.addKey(password: restorePassword, role: .restore)
        return admin
    }

    static func refused(_ error: ArchiveStoreError?, needing role: String) -> Bool {
        error?.code == .roleRefused && error?.message.contains("needs a key with role \(role)") == true
    }

    @Test func eachPasswordOpensWithItsRole() async throws {
        let admin = try await Self.makeWithRoles()
        #expect(admin.role == .admin)
        let backup = try await Repository.open(backend: admin.backend, password: Self.backupPassword)
        #expect(backup.role == .backup)
        let restore = try await Repository.open(backend: admin.backend, password: Self.restorePassword)
        #expect(restore.role == .restore)
        let roles = try await admin.listKeys().map(\.info.role)
        #expect(roles.sorted(by: { $0.rawValue < $1.rawValue }) == [.admin, .backup, .restore])
    }

    /// `open(requiring:)` refuses right after the key opens, naming the action and the roles it needs.
    @Test func openRequiringAccessRefusesOtherRoles() async throws {
        let admin = try await Self.makeWithRoles()
        let error = await #expect(throws: ArchiveStoreError.self) {
            _ = try await Repository.open(
                backend: admin.backend, password: Self.backupPassword, requiring: .read, for: "`aerovault restore`")
        }
        #expect(Self.refused(error, needing: "admin or restore"))
        #expect(error?.message.contains("`aerovault restore`") == true)
        #expect(error?.message.contains("has role backup") == true)
        let prune = await #expect(throws: ArchiveStoreError.self) {
            _ = try await Repository.open(backend: admin.backend, password: Self.restorePassword, requiring: .admin)
        }
        #expect(Self.refused(prune, needing: "admin"))
        _ = try await Repository.open(backend: admin.backend, password: Self.restorePassword, requiring: .read)
        _ = try await Repository.open(backend: admin.backend, password: Self.backupPassword, requiring: .backup)
    }

    @Test func restoreKeyWritesAndRemovesNothing() async throws {
        let admin = try await Self.makeWithRoles()
        let id = try await admin.saveSnapshot(Snapshot(namespace: "test"), partitions: PartitionTable())
        let restore = try await Repository.open(backend: admin.backend, password: Self.restorePassword)
        #expect(try await restore.loadSnapshot(id).namespace == "test")
        let save = await #expect(throws: ArchiveStoreError.self) { _ = try await restore.saveSnapshot(Snapshot(namespace: "x")) }
        #expect(Self.refused(save, needing: "admin or backup"))
        let remove = await #expect(throws: ArchiveStoreError.self) { try await restore.removeSnapshot(id) }
        #expect(Self.refused(remove, needing: "admin"))
        let prune = await #expect(throws: ArchiveStoreError.self) { _ = try await Pruner(repository: restore).plan() }
        #expect(Self.refused(prune, needing: "admin"))
        let repair = await #expect(throws: ArchiveStoreError.self) { _ = try await restore.repairIndex() }
        #expect(Self.refused(repair, needing: "admin"))
        let add = await #expect(throws: ArchiveStoreError.self) { _ = try await restore.addKey(password: [1], role: .admin) }
        #expect(Self.refused(add, needing: "admin"))
        let passwd = await #expect(throws: ArchiveStoreError.self) { _ = try await restore.changePassword([2]) }
        #expect(Self.refused(passwd, needing: "admin"))
        #expect(try await admin.listSnapshots().count == 1)
        #expect(try await admin.listKeys().count == 3)
    }

    @Test func backupKeySavesSnapshotsButRemovesNothing() async throws {
        let admin = try await Self.makeWithRoles()
        let backup = try await Repository.open(backend: admin.backend, password: Self.backupPassword)
        let id = try await backup.saveSnapshot(Snapshot(namespace: "test"), partitions: PartitionTable())
        let remove = await #expect(throws: ArchiveStoreError.self) { try await backup.removeSnapshot(id) }
        #expect(Self.refused(remove, needing: "admin"))
        let keys = try await admin.listKeys()
        let removeKey = await #expect(throws: ArchiveStoreError.self) { try await backup.removeKey(keys[0].id) }
        #expect(Self.refused(removeKey, needing: "admin"))
        try await admin.removeSnapshot(id)
        #expect(try await admin.listSnapshots().isEmpty)
    }

    /// Snapshots record the key and role that wrote them (SPEC.md §9 "Audit"), and `listKeys` derives
    /// each key's last use from them.
    @Test func snapshotsRecordTheirWriterAndKeysTheirLastUse() async throws {
        let admin = try await Self.makeWithRoles()
        let backup = try await Repository.open(backend: admin.backend, password: Self.backupPassword)
        let time = Date(timeIntervalSince1970: 1_765_000_000)
        let id = try await backup.saveSnapshot(Snapshot(time: time, namespace: "test"), partitions: PartitionTable())
        let stored = try await admin.loadSnapshot(id)
        let backupKey = await backup.keyID
        #expect(stored.keyID == backupKey)
        #expect(stored.keyRole == "backup")
        let keys = try await admin.listKeys()
        #expect(keys.first { $0.id == backupKey }?.lastUsed == time)
        #expect(keys.filter { $0.id != backupKey }.allSatisfy { $0.lastUsed == nil })
    }

    /// An append-only repository (SPEC.md §6) refuses key removal, password changes and index repair even
    /// to an admin key; adding keys, snapshots and removing snapshots (forget) still work.
    @Test func appendOnlyRefusesRemovalsOutsideForgetAndPrune() async throws {
        let repo = try await Repository.initialize(
            backend: MemoryBackend(), password: TestRepository.password, kdf: .insecureFastForTesting, appendOnly: true)
        let reopened = try await TestRepository.reopen(repo)
        #expect(reopened.config.isAppendOnly && reopened.config.appendOnly == true)
        #expect(try await TestRepository.make().config.appendOnly == nil)
        let added = try await reopened.addKey(password: Self.backupPassword, role: .backup)
        for attempt: () async throws -> Void in [
            { try await reopened.removeKey(added) }, { _ = try await reopened.changePassword([9]) },
            { _ = try await reopened.repairIndex() },
        ] {
            let error = await #expect(throws: ArchiveStoreError.self) { try await attempt() }
            #expect(error?.code == .refused && error?.message.contains("append-only") == true)
        }
        #expect(try await reopened.listKeys().count == 2)
        let id = try await reopened.saveSnapshot(Snapshot(namespace: "test"), partitions: PartitionTable())
        try await reopened.removeSnapshot(id)
        #expect(try await reopened.listSnapshots().isEmpty)
    }
}
