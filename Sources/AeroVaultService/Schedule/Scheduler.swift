/// Which policies are due, from their cron schedules and a clock the caller passes in (SPEC.md §19
/// "Schedules"). Pure: the service calls ``due(at:)`` when it wakes, tests pass any time.
///
/// Each policy remembers the time through which its schedule was handled. A policy is due when its
/// schedule has a slot after that time and at or before now; then everything up to now counts as
/// handled, so the slots missed while the service was down give one run, not one per slot.
public struct Scheduler: Sendable, Equatable {
    public private(set) var handledThrough: [String: Int64]
    let schedules: [String: CronSchedule]

    /// `handledThrough` comes from the state file; a policy without an entry starts at `now`, so a
    /// new policy waits for its first slot.
    public init(schedules: [String: CronSchedule], handledThrough: [String: Int64], now: Int64) {
        self.schedules = schedules
        self.handledThrough = schedules.keys.reduce(into: [:]) { result, name in
            result[name] = handledThrough[name] ?? now
        }
    }

    /// The policies due at `now`, sorted by name; they count as handled through `now`.
    public mutating func due(at now: Int64) -> [String] {
        var result: [String] = []
        for (name, schedule) in schedules {
            let since = handledThrough[name] ?? now
            if let slot = schedule.next(after: since), slot <= now {
                result.append(name)
                handledThrough[name] = now
            }
        }
        return result.sorted()
    }

    /// The next scheduled run of `policy` (Unix seconds), nil for an unknown policy or an empty schedule.
    public func nextRun(of policy: String) -> Int64? {
        guard let schedule = schedules[policy], let since = handledThrough[policy] else { return nil }
        return schedule.next(after: since)
    }

    /// The earliest next run of any policy.
    public var earliestNextRun: Int64? { schedules.keys.compactMap(nextRun(of:)).min() }
}
