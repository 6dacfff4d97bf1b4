import ArchiveStore
import Testing

@testable import AeroVault

/// What `restore --delete-extra` may delete (SPEC.md §14 "restore"); the simulator-backed runs are
/// `RestoreDeleteExtraTests`.
@Suite struct DeleteScopeTests {
    @Test func aTimeFilteredSnapshotCannotDriveDeletes() throws {
        var snapshot = Snapshot(namespace: "test")
        snapshot.scope = SnapshotScopeFields(modifiedAfter: 1)
        #expect(throws: AeroVaultError.self) { try DeleteScope.make(for: snapshot, restoreSets: []) }
        snapshot.scope = SnapshotScopeFields(partitions: "0-9")
        snapshot.sets = ["users", "orders"]
        let scope = try DeleteScope.make(for: snapshot, restoreSets: ["orders", "events"])
        #expect(scope == DeleteScope(sets: ["orders"], partitions: Set(0...9)))
    }
}
