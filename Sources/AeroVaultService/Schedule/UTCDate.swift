/// Calendar fields of a Unix time in UTC (proleptic Gregorian), without Foundation's calendars.
struct UTCDate: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    /// 0 = Sunday.
    var weekday: Int

    init(unixSeconds: Int64) {
        let days = Int(unixSeconds.floorDivided(by: 86_400))
        let seconds = Int(unixSeconds - Int64(days) * 86_400)
        hour = seconds / 3600
        minute = seconds % 3600 / 60
        weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
        (year, month, day) = Self.civil(fromDays: days)
    }

    static func startOfDay(_ unixSeconds: Int64) -> Int64 { unixSeconds.floorDivided(by: 86_400) * 86_400 }

    /// 00:00 on the first day of the month after `date`.
    static func startOfNextMonth(after date: UTCDate) -> Int64 {
        let (year, month) = date.month == 12 ? (date.year + 1, 1) : (date.year, date.month + 1)
        return Int64(days(year: year, month: month, day: 1)) * 86_400
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// (year, month, day) of a day count since 1970-01-01 (`civil_from_days`).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
