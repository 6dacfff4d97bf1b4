import AeroVault
import ArchiveStore
import Foundation
import Testing

/// Issue 14 case 1: `latest` never picks a partial snapshot silently (SPEC.md §14 "Snapshot selection").
@Suite struct SnapshotSelectorScopeTests {
    static func entry(
        _ n: UInt8, _ t: TimeInterval, sets: [String] = [], bins: [String] = [], scope: SnapshotScopeFields? = nil
    ) -> (id: SnapshotID, snapshot: Snapshot) {
        var snapshot = Snapshot(time: Date(timeIntervalSince1970: t), namespace: "test", sets: sets, binFilter: bins)
        snapshot.scope = scope
        return (ID32(bytes: Array(repeating: n, count: 32))!, snapshot)
    }

    /// A full backup, then newer partial ones of every kind the issue lists.
    let all = [
        entry(1, 100, scope: SnapshotScopeFields(partitions: "0-4095", noTTLOnly: false)),
        entry(2, 200, sets: ["users"], scope: SnapshotScopeFields(partitions: "0-4095")),
        entry(3, 300, scope: SnapshotScopeFields(partitions: "0-99")),
        entry(4, 400, bins: ["id"], scope: SnapshotScopeFields(partitions: "0-4095")),
        entry(5, 500, scope: SnapshotScopeFields(partitions: "0-4095", modifiedAfter: 1)),
        entry(6, 600, scope: SnapshotScopeFields(partitions: "0-4095", modifiedBefore: 1)),
        entry(7, 700, scope: SnapshotScopeFields(partitions: "0-4095", noTTLOnly: true)),
    ]

    @Test func latestSkipsEveryPartialSnapshot() throws {
        #expect(try SnapshotSelector.choose(from: all, at: nil, namespace: "test").id == all[0].id)
    }

    @Test func aNarrowerRequestMayUseAPartialSnapshotThatHoldsIt() throws {
        let users = SnapshotScope.Request(sets: ["users"])
        #expect(try SnapshotSelector.choose(from: all, at: nil, namespace: "test", request: users).id == all[1].id)
        let low = SnapshotScope.Request(partitions: Array(0..<50))
        #expect(try SnapshotSelector.choose(from: all, at: nil, namespace: "test", request: low).id == all[2].id)
        let idOnly = SnapshotScope.Request(bins: ["id"])
        #expect(try SnapshotSelector.choose(from: all, at: nil, namespace: "test", request: idOnly).id == all[3].id)
        // More than the partial snapshot holds: back to the whole one.
        let wider = SnapshotScope.Request(sets: ["users", "orders"])
        #expect(try SnapshotSelector.choose(from: all, at: nil, namespace: "test", request: wider).id == all[0].id)
    }

    @Test func onlyPartialSnapshotsIsAnErrorNamingThem() throws {
        let error = try #require(throws: AeroVaultError.self) {
            try SnapshotSelector.choose(from: Array(all.dropFirst()), at: nil, namespace: "test")
        }
        #expect(error.message.contains(all[6].id.short))
        #expect(error.message.contains("no-ttl-only"))
    }

    @Test func snapshotsWithoutARecordedScopeCountAsWhole() throws {
        let old = Self.entry(9, 800)
        #expect(SnapshotScope(old.snapshot).isWhole)
        #expect(!SnapshotScope(old.snapshot).recorded)
        #expect(try SnapshotSelector.choose(from: all + [old], at: nil, namespace: "test").id == old.id)
    }

    @Test func scopeDescriptionNamesEveryFilter() {
        #expect(SnapshotScope(all[0].snapshot).description == "test")
        #expect(SnapshotScope(all[2].snapshot).description == "test partitions=0-99")
        #expect(SnapshotScope(all[1].snapshot).description == "test sets=users")
        #expect(SnapshotScope(all[6].snapshot).description == "test no-ttl-only")
        #expect(SnapshotScope(all[4].snapshot).description.hasPrefix("test modified-after=1970-01-01T00:00:00"))
    }
}
