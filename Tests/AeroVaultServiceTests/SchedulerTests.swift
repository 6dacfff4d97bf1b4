import Testing

@testable import AeroVaultService

/// The scheduler with a clock the test sets (SPEC.md §19 "Schedules").
@Suite struct SchedulerTests {
    let daily = try! CronSchedule(parsing: "0 2 * * *")
    let quarterly = try! CronSchedule(parsing: "*/15 * * * *")
    let day = CronScheduleTests.at(2026, 12, 8)

    @Test func runsEachPolicyAtItsTimes() {
        var scheduler = Scheduler(schedules: ["nightly": daily, "often": quarterly], handledThrough: [:], now: day)
        #expect(scheduler.nextRun(of: "nightly") == day + 2 * 3600)
        #expect(scheduler.earliestNextRun == day + 15 * 60)
        #expect(scheduler.due(at: day + 14 * 60).isEmpty)
        #expect(scheduler.due(at: day + 15 * 60) == ["often"])
        #expect(scheduler.due(at: day + 15 * 60 + 30).isEmpty, "a slot runs once")
        #expect(scheduler.due(at: day + 2 * 3600) == ["nightly", "often"])
        #expect(scheduler.nextRun(of: "nightly") == day + 86_400 + 2 * 3600)
        #expect(scheduler.nextRun(of: "unknown") == nil)
    }

    @Test func aNewPolicyWaitsForItsFirstSlot() {
        var scheduler = Scheduler(schedules: ["nightly": daily], handledThrough: [:], now: day + 3 * 3600)
        #expect(scheduler.due(at: day + 3 * 3600).isEmpty)
        #expect(scheduler.nextRun(of: "nightly") == day + 86_400 + 2 * 3600)
    }

    @Test func missedSlotsRunOnceAtStart() {
        // Handled through three days ago: three nightly slots and hundreds of quarter hours were missed.
        let before = day - 3 * 86_400
        let now = day + 5 * 3600
        var scheduler = Scheduler(
            schedules: ["nightly": daily, "often": quarterly], handledThrough: ["nightly": before, "often": before], now: now)
        #expect(scheduler.due(at: now) == ["nightly", "often"])
        #expect(scheduler.due(at: now).isEmpty)
        #expect(scheduler.handledThrough == ["nightly": now, "often": now])
        #expect(scheduler.nextRun(of: "often") == now + 15 * 60)
    }

    @Test func nothingMissedNothingDue() {
        var scheduler = Scheduler(schedules: ["nightly": daily], handledThrough: ["nightly": day + 2 * 3600], now: day + 3 * 3600)
        #expect(scheduler.due(at: day + 3 * 3600).isEmpty)
    }
}
