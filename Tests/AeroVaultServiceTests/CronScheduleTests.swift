import Testing

@testable import AeroVaultService

/// 5-field cron in UTC (SPEC.md §19 "Schedules").
@Suite struct CronScheduleTests {
    /// Unix seconds of a UTC time.
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Int64 {
        Int64(UTCDate.days(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60)
    }

    private func next(_ expression: String, after time: Int64) throws -> Int64? {
        try CronSchedule(parsing: expression).next(after: time)
    }

    @Test func calendarArithmetic() {
        #expect(Self.at(1970, 1, 1) == 0)
        #expect(Self.at(2026, 12, 8, 3, 4) == 1_796_699_040)
        let date = UTCDate(unixSeconds: 1_709_164_800)  // 2024-02-29 00:00 UTC, a Thursday
        #expect([date.year, date.month, date.day, date.hour, date.minute, date.weekday] == [2024, 2, 29, 0, 0, 4])
        #expect(UTCDate(unixSeconds: -1).day == 31)
    }

    @Test func nextRunOfDailyAndStepSchedules() throws {
        let start = Self.at(2026, 12, 8, 3, 4)
        #expect(try next("0 2 * * *", after: start) == Self.at(2026, 12, 9, 2, 0))
        #expect(try next("*/15 * * * *", after: start) == Self.at(2026, 12, 8, 3, 15))
        // Strictly after: a time on a slot gives the following slot.
        #expect(try next("*/15 * * * *", after: Self.at(2026, 12, 8, 3, 15)) == Self.at(2026, 12, 8, 3, 30))
        #expect(try next("5,10 1-2 * * *", after: Self.at(2026, 12, 8, 2, 10)) == Self.at(2026, 12, 9, 1, 5))
    }

    @Test func edgeCases() throws {
        // Year end, leap day, 31st only in long months, Sunday as 0 and 7.
        #expect(try next("0 0 1 1 *", after: Self.at(2026, 12, 31, 23, 59)) == Self.at(2027, 1, 1))
        #expect(try next("0 12 29 2 *", after: Self.at(2025, 3, 1)) == Self.at(2028, 2, 29, 12))
        #expect(try next("0 0 31 * *", after: Self.at(2026, 4, 1)) == Self.at(2026, 5, 31))
        let sunday = Self.at(2026, 12, 13)
        #expect(try next("0 0 * * 0", after: Self.at(2026, 12, 8)) == sunday)
        #expect(try next("0 0 * * 7", after: Self.at(2026, 12, 8)) == sunday)
        // Both day fields restricted: either matches (Vixie cron).
        #expect(try next("0 0 1 * 1", after: Self.at(2026, 12, 8)) == Self.at(2026, 12, 14))
        #expect(try next("0 0 31 2 *", after: 0) == nil)
    }

    @Test func refusesBadExpressions() {
        for bad in ["* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "5-1 * * * *", "*/0 * * * *", "a * * * *"] {
            #expect(throws: CronSchedule.ParseError.self, "\(bad)") { try CronSchedule(parsing: bad) }
        }
    }
}
