import AeroVault
import ArchiveStore
import Foundation
import Testing

/// Fixtures: snapshot ids derived from a number, times in UTC.
enum ForgetFixture {
    static let utc = TimeZone(identifier: "UTC")!

    static func id(_ n: Int) -> SnapshotID {
        SnapshotID(bytes: [UInt8(n & 0xFF), UInt8(n >> 8)] + [UInt8](repeating: 0xAB, count: 30))!
    }

    static func time(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = utc
        return formatter.date(from: text)!
    }

    static func snapshot(
        _ n: Int, _ time: String, namespace: String = "test", tags: [String] = [], sets: [String] = []
    ) -> SnapshotSummary {
        SnapshotSummary(id: id(n), time: Self.time(time), host: "h1", tags: tags, cluster: "c1", namespace: namespace, sets: sets)
    }

    /// One snapshot a day at 10:00 UTC, November 1…30 2026; snapshot number = day.
    static var november: [SnapshotSummary] {
        (1...30).map { snapshot($0, String(format: "2026-11-%02dT10:00:00Z", $0)) }
    }

    static func plan(_ snapshots: [SnapshotSummary], _ policy: ForgetPolicy, now: String = "2026-12-01T00:00:00Z",
                     grouping: SnapshotGrouping = .default) -> ForgetPlan {
        ForgetPlanner.plan(snapshots, policy: policy, grouping: grouping, now: time(now), timeZone: utc)
    }
}

@Suite struct ForgetPlannerTests {
    typealias F = ForgetFixture

    @Test func thirtyDailyKeepDaily7Weekly4() {
        let plan = F.plan(F.november.shuffled(), ForgetPolicy(daily: 7, weekly: 4))
        #expect(plan.groups.count == 1)
        // Daily: Nov 30…24. ISO weeks: Nov 30 (Mon, week 49), Nov 29 (Sun, week 48), Nov 22 (47), Nov 15 (46).
        #expect(plan.kept.map(\.id) == [30, 29, 28, 27, 26, 25, 24, 22, 15].map(F.id))
        #expect(Set(plan.removed.map(\.id)) == Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 23].map(F.id)))
        #expect(plan.removed.map(\.time) == plan.removed.map(\.time).sorted(by: >))
        let reasons = Dictionary(uniqueKeysWithValues: plan.groups[0].keep.map { ($0.snapshot.id, $0.reasons.map(\.description)) })
        #expect(reasons[F.id(30)] == ["daily snapshot", "weekly snapshot"])
        #expect(reasons[F.id(29)] == ["daily snapshot", "weekly snapshot"])
        #expect(reasons[F.id(28)] == ["daily snapshot"])
        #expect(reasons[F.id(22)] == ["weekly snapshot"])
        #expect(reasons[F.id(15)] == ["weekly snapshot"])
    }

    @Test func keepLastKeepsNewest() {
        let plan = F.plan(F.november, ForgetPolicy(last: 3))
        #expect(plan.kept.map(\.id) == [30, 29, 28].map(F.id))
        #expect(plan.groups[0].keep.allSatisfy { $0.reasons.map(\.description) == ["last snapshot"] })
        #expect(plan.removed.count == 27)
    }

    @Test func periodCountsOnceAndNewestInItWins() {
        let snapshots = [
            F.snapshot(1, "2026-11-01T01:00:00Z"), F.snapshot(2, "2026-11-01T09:00:00Z"),
            F.snapshot(3, "2026-11-01T23:00:00Z"), F.snapshot(4, "2026-11-02T08:00:00Z"),
            F.snapshot(5, "2026-11-03T08:00:00Z"),
        ]
        let plan = F.plan(snapshots, ForgetPolicy(daily: 2))
        #expect(plan.kept.map(\.id) == [5, 4].map(F.id))
        // With more periods than days, the group's oldest snapshot is kept too (restic ≥ 0.16).
        let generous = F.plan(snapshots, ForgetPolicy(daily: 5))
        #expect(generous.kept.map(\.id) == [5, 4, 3, 1].map(F.id))
        #expect(generous.groups[0].keep.last?.reasons.map(\.description) == ["oldest daily snapshot"])
    }

    @Test func unlimitedKeepsEveryPeriod() {
        let snapshots = F.november + [F.snapshot(100, "2026-11-30T08:00:00Z")]
        let plan = F.plan(snapshots, ForgetPolicy(daily: ForgetPolicy.unlimited))
        #expect(plan.kept.count == 30)
        #expect(plan.removed.map(\.id) == [F.id(100)])
    }

    @Test func hourlyMonthlyYearly() {
        let snapshots = [
            F.snapshot(1, "2024-03-05T10:10:00Z"), F.snapshot(2, "2024-07-01T10:00:00Z"),
            F.snapshot(3, "2025-01-15T10:00:00Z"), F.snapshot(4, "2025-01-20T10:00:00Z"),
            F.snapshot(5, "2026-11-30T10:05:00Z"), F.snapshot(6, "2026-11-30T10:50:00Z"),
            F.snapshot(7, "2026-11-30T11:01:00Z"),
        ]
        #expect(F.plan(snapshots, ForgetPolicy(hourly: 2)).kept.map(\.id) == [7, 6].map(F.id))
        #expect(F.plan(snapshots, ForgetPolicy(monthly: 3)).kept.map(\.id) == [7, 4, 2].map(F.id))
        #expect(F.plan(snapshots, ForgetPolicy(yearly: 2)).kept.map(\.id) == [7, 4].map(F.id))
        #expect(F.plan(snapshots, ForgetPolicy(yearly: 9)).kept.map(\.id) == [7, 4, 2, 1].map(F.id))
    }

    @Test func withinIsRelativeToLatestNotNow() throws {
        let within = try PolicyDuration(parsing: "2d")
        let plan = F.plan(F.november, ForgetPolicy(within: within), now: "2027-06-01T00:00:00Z")
        // Latest is Nov 30 10:00; the cutoff is Nov 28 10:00, exclusive.
        #expect(plan.kept.map(\.id) == [30, 29].map(F.id))
        #expect(plan.groups[0].keep[0].reasons.map(\.description) == ["within 2d"])
    }

    @Test func futureSnapshotDoesNotMoveWithinAnchor() throws {
        let snapshots = F.november + [F.snapshot(99, "2030-01-01T00:00:00Z")]
        let plan = F.plan(snapshots, ForgetPolicy(within: try PolicyDuration(parsing: "1d")), now: "2026-12-01T00:00:00Z")
        #expect(plan.kept.map(\.id) == [99, 30].map(F.id))
    }

    @Test func keepTagMatchesAllTagsOfAList() {
        let snapshots = [
            F.snapshot(1, "2026-11-01T10:00:00Z", tags: ["monthly", "audit"]),
            F.snapshot(2, "2026-11-02T10:00:00Z", tags: ["monthly"]),
            F.snapshot(3, "2026-11-03T10:00:00Z", tags: ["pinned"]),
            F.snapshot(4, "2026-11-04T10:00:00Z"),
        ]
        let plan = F.plan(snapshots, ForgetPolicy(tags: [["monthly", "audit"], ["pinned"]]))
        #expect(plan.kept.map(\.id) == [3, 1].map(F.id))
        #expect(plan.groups[0].keep[1].reasons.map(\.description) == ["has tags [monthly,audit]"])
    }

    @Test func reasonsCombine() throws {
        let plan = F.plan(F.november, ForgetPolicy(last: 1, daily: 1, within: try PolicyDuration(parsing: "1d")))
        #expect(plan.groups[0].keep[0].reasons.map(\.description) == ["within 1d", "last snapshot", "daily snapshot"])
        #expect(plan.kept.count == 1)
    }

    @Test func groupsAreIndependent() {
        let a = (1...5).map { F.snapshot($0, String(format: "2026-11-%02dT10:00:00Z", $0), namespace: "a") }
        let b = (11...13).map { F.snapshot($0, String(format: "2026-11-%02dT11:00:00Z", $0 - 10), namespace: "b") }
        let plan = F.plan(a + b, ForgetPolicy(last: 2))
        #expect(plan.groups.map(\.key.namespace) == ["a", "b"])
        #expect(plan.groups[0].keep.map(\.snapshot.id) == [5, 4].map(F.id))
        #expect(plan.groups[1].keep.map(\.snapshot.id) == [13, 12].map(F.id))
        let together = F.plan(a + b, ForgetPolicy(last: 4), grouping: SnapshotGrouping([]))
        #expect(together.groups.count == 1)
        #expect(together.kept.map(\.id) == [5, 4, 13, 3].map(F.id))
    }

    @Test func setsGroupIgnoringOrder() throws {
        let s1 = F.snapshot(1, "2026-11-01T10:00:00Z", sets: ["x", "y"])
        let s2 = F.snapshot(2, "2026-11-02T10:00:00Z", sets: ["y", "x"])
        let s3 = F.snapshot(3, "2026-11-03T10:00:00Z", sets: ["x"])
        let plan = F.plan([s1, s2, s3], ForgetPolicy(last: 1))
        #expect(plan.groups.count == 2)
        #expect(Set(plan.kept.map(\.id)) == [F.id(2), F.id(3)])
        let byNamespace = F.plan([s1, s2, s3], ForgetPolicy(last: 1), grouping: try SnapshotGrouping(parsing: "namespace"))
        #expect(byNamespace.kept.map(\.id) == [F.id(3)])
    }

    @Test func emptyPolicyKeepsEverything() {
        let plan = F.plan(F.november, ForgetPolicy())
        #expect(plan.kept.count == 30)
        #expect(plan.removed.isEmpty)
        #expect(ForgetPolicy().isEmpty)
        #expect(!ForgetPolicy(tags: [["x"]]).isEmpty)
    }

    @Test func timeZoneDecidesTheDay() {
        let snapshots = [F.snapshot(1, "2026-11-01T21:00:00Z"), F.snapshot(2, "2026-11-01T23:00:00Z")]
        let utc = ForgetPlanner.plan(snapshots, policy: ForgetPolicy(daily: 1), now: F.time("2026-12-01T00:00:00Z"), timeZone: F.utc)
        #expect(utc.kept.map(\.id) == [F.id(2)])
        let plus2 = ForgetPlanner.plan(
            snapshots, policy: ForgetPolicy(daily: 2), now: F.time("2026-12-01T00:00:00Z"),
            timeZone: TimeZone(secondsFromGMT: 7200)!)
        #expect(plus2.kept.map(\.id) == [F.id(2), F.id(1)])  // 01:00 Nov 2 and 23:00 Nov 1 local
    }

    @Test func isoWeekAcrossYearBoundary() {
        // 2026-12-31 (Thu) and 2027-01-03 (Sun) share ISO week 2026-W53.
        let snapshots = [F.snapshot(1, "2026-12-31T10:00:00Z"), F.snapshot(2, "2027-01-03T10:00:00Z"),
                         F.snapshot(3, "2027-01-04T10:00:00Z")]
        let plan = F.plan(snapshots, ForgetPolicy(weekly: 2), now: "2027-02-01T00:00:00Z")
        #expect(plan.kept.map(\.id) == [3, 2].map(F.id))
    }

    @Test func summaryText() throws {
        let policy = ForgetPolicy(daily: 7, weekly: ForgetPolicy.unlimited, within: try PolicyDuration(parsing: "1y2h"))
        #expect(policy.summary == "keep 7 daily, all weekly snapshots and all snapshots within 1y2h of the newest")
    }
}

@Suite struct PolicyDurationTests {
    @Test func parsesUnits() throws {
        let d = try PolicyDuration(parsing: "1y5m7d2h")
        #expect(d == PolicyDuration(years: 1, months: 5, days: 7, hours: 2))
        #expect(d.description == "1y5m7d2h")
        #expect(try PolicyDuration(parsing: "36h").hours == 36)
    }

    @Test(arguments: ["", "5", "d", "1x", "1d2d", "-1d", "1.5d", "9999999d"])
    func rejectsBadText(_ text: String) {
        #expect(throws: ArchiveStoreError.self) { try PolicyDuration(parsing: text) }
    }

    @Test func subtractsCalendarAware() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ForgetFixture.utc
        let base = ForgetFixture.time("2026-03-31T12:00:00Z")
        let back = try PolicyDuration(parsing: "1m1h").subtracted(from: base, calendar: calendar)
        #expect(back == ForgetFixture.time("2026-02-28T11:00:00Z"))
    }
}
