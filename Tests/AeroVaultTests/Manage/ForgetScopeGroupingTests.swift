import AeroVault
import ArchiveStore
import Foundation
import Testing

/// Issue 14 case 3: retention groups by scope and cluster, so a partial snapshot never takes the place
/// of a whole one (SPEC.md §14 "forget").
@Suite struct ForgetScopeGroupingTests {
    typealias F = ForgetFixture

    static func summary(_ n: Int, _ time: String, scope: SnapshotScope? = nil, nodes: [String]? = ["A@h:1"])
        -> SnapshotSummary
    {
        SnapshotSummary(
            id: F.id(n), time: F.time(time), host: "h1", cluster: "c1", namespace: "test", scope: scope,
            clusterNodes: nodes)
    }

    @Test func theReadmeExampleKeepsTheWholeSnapshotsOfEachDay() {
        // Each day: a full backup at 10:00, then a --no-ttl-only backup at 12:00 (newer, so restic-style
        // grouping by cluster+namespace+sets would keep it as the day's daily and drop the full one).
        var snapshots: [SnapshotSummary] = []
        for day in 1...9 {
            let date = String(format: "2026-11-%02d", day)
            snapshots.append(Self.summary(day, "\(date)T10:00:00Z"))
            snapshots.append(
                Self.summary(100 + day, "\(date)T12:00:00Z", scope: SnapshotScope(namespace: "test", noTTLOnly: true)))
        }
        let plan = F.plan(snapshots, ForgetPolicy(daily: 7, weekly: 4))
        #expect(plan.groups.count == 2)
        let keptWhole = plan.kept.filter(\.scope.isWhole).map(\.id)
        #expect(Set(keptWhole) == Set([9, 8, 7, 6, 5, 4, 3, 1].map(F.id)))
        #expect(plan.removed.allSatisfy { $0.id != F.id(9) })
        #expect(Set(plan.groups.compactMap(\.key.scope)) == ["test", "test no-ttl-only"])
    }

    @Test func sameNamedClustersWithOtherNodesAreSeparateGroups() {
        let a = Self.summary(1, "2026-11-01T10:00:00Z", nodes: ["A@h:1"])
        let b = Self.summary(2, "2026-11-01T11:00:00Z", nodes: ["A@h:2"])
        let plan = F.plan([a, b], ForgetPolicy(last: 1))
        #expect(plan.groups.count == 2)
        #expect(plan.removed.isEmpty)
    }

    @Test func groupByAcceptsScope() throws {
        #expect(try SnapshotGrouping(parsing: "scope").fields == [.scope])
        #expect(SnapshotGrouping.default.description == "cluster,namespace,scope")
    }
}
