import Foundation

/// A snapshot `forget` keeps, with every rule that kept it.
public struct KeptSnapshot: Hashable, Sendable {
    public var snapshot: SnapshotSummary
    public var reasons: [KeepReason]

    public init(snapshot: SnapshotSummary, reasons: [KeepReason]) {
        self.snapshot = snapshot
        self.reasons = reasons
    }
}

/// The decision for one group of snapshots: both lists newest first.
public struct ForgetGroupPlan: Hashable, Sendable {
    public var key: SnapshotGroupKey
    public var keep: [KeptSnapshot]
    public var remove: [SnapshotSummary]

    public init(key: SnapshotGroupKey, keep: [KeptSnapshot], remove: [SnapshotSummary]) {
        self.key = key
        self.keep = keep
        self.remove = remove
    }
}

/// The whole decision of `forget`: one entry per group, groups ordered by key.
public struct ForgetPlan: Hashable, Sendable {
    public var groups: [ForgetGroupPlan]

    public init(groups: [ForgetGroupPlan]) {
        self.groups = groups
    }

    public var kept: [SnapshotSummary] { groups.flatMap { $0.keep.map(\.snapshot) } }
    public var removed: [SnapshotSummary] { groups.flatMap(\.remove) }
}

/// Applies a ``ForgetPolicy`` to snapshots (pure: no I/O; time and time zone are parameters).
public enum ForgetPlanner {
    /// Groups `snapshots` by `grouping` and applies `policy` to each group.
    /// - Parameters:
    ///   - now: snapshots later than `now` do not count as the group's latest for `within`.
    ///   - timeZone: the zone whose calendar defines hours, days, ISO weeks, months and years.
    public static func plan(
        _ snapshots: [SnapshotSummary], policy: ForgetPolicy, grouping: SnapshotGrouping = .default,
        now: Date = Date(), timeZone: TimeZone = .current
    ) -> ForgetPlan {
        let groups = Dictionary(grouping: snapshots, by: grouping.key(of:))
        let plans = groups.keys.sorted().map { key in
            let (keep, remove) = apply(policy, to: groups[key] ?? [], now: now, timeZone: timeZone)
            return ForgetGroupPlan(key: key, keep: keep, remove: remove)
        }
        return ForgetPlan(groups: plans)
    }

    /// Applies `policy` to one group (restic's `ApplyPolicy`): walk newest first; a counted rule
    /// keeps a snapshot whose period differs from the last period it kept, while its count lasts;
    /// the group's oldest snapshot is also kept by every counted rule with count left.
    public static func apply(
        _ policy: ForgetPolicy, to group: [SnapshotSummary], now: Date, timeZone: TimeZone
    ) -> (keep: [KeptSnapshot], remove: [SnapshotSummary]) {
        let list = group.sorted(by: SnapshotSummary.newestFirst)
        guard !list.isEmpty else { return ([], []) }
        if policy.isEmpty { return (list.map { KeptSnapshot(snapshot: $0, reasons: []) }, []) }
        let periods = PeriodCalendar(timeZone: timeZone)
        var rules = policy.countedRules.map { (rule: $0.0, count: $0.1, lastPeriod: Int?.none) }
        let latest = list.first { $0.time <= now }?.time ?? now
        let withinCutoff = policy.within.flatMap { $0.isZero ? nil : $0.subtracted(from: latest, calendar: periods.calendar) }

        var keep: [KeptSnapshot] = []
        var remove: [SnapshotSummary] = []
        for (number, snapshot) in list.enumerated() {
            var reasons: [KeepReason] = []
            for tagList in policy.tags where snapshot.hasTags(tagList) {
                reasons.append(KeepReason(rule: .tags, detail: tagList.joined(separator: ",")))
            }
            if let withinCutoff, snapshot.time > withinCutoff, let within = policy.within {
                reasons.append(KeepReason(rule: .within, detail: within.description))
            }
            let isOldest = number == list.count - 1
            for i in rules.indices where rules[i].count != 0 {
                let period = periods.period(rules[i].rule, of: snapshot.time, number: number)
                guard period != rules[i].lastPeriod || isOldest else { continue }
                reasons.append(KeepReason(rule: rules[i].rule, oldest: period == rules[i].lastPeriod))
                rules[i].lastPeriod = period
                if rules[i].count > 0 { rules[i].count -= 1 }
            }
            if reasons.isEmpty {
                remove.append(snapshot)
            } else {
                keep.append(KeptSnapshot(snapshot: snapshot, reasons: reasons))
            }
        }
        return (keep, remove)
    }
}

/// Period numbers for the counted rules: `YYYYMMDDHH`, `YYYYMMDD`, ISO `YYYYWW`, `YYYYMM`, `YYYY`.
struct PeriodCalendar {
    let calendar: Calendar

    init(timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2  // ISO 8601: weeks start on Monday,
        calendar.minimumDaysInFirstWeek = 4  // and week 1 holds the year's first Thursday.
        self.calendar = calendar
    }

    func period(_ rule: KeepReason.Rule, of time: Date, number: Int) -> Int {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .yearForWeekOfYear, .weekOfYear], from: time)
        let (y, m, d, h) = (c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0)
        switch rule {
        case .last: return number
        case .hourly: return y * 1_000_000 + m * 10_000 + d * 100 + h
        case .daily: return y * 10_000 + m * 100 + d
        case .weekly: return (c.yearForWeekOfYear ?? 0) * 100 + (c.weekOfYear ?? 0)
        case .monthly: return y * 100 + m
        case .yearly: return y
        case .within, .tags: return number
        }
    }
}
