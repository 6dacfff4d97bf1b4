/// A 5-field cron expression in UTC (SPEC.md §19 "Schedules"): minute, hour, day of month, month,
/// day of week (0 or 7 = Sunday). Each field is `*`, a number, a range `a-b`, a list `a,b`, or any of
/// these with a step `/n`. As in Vixie cron, when both day fields are restricted a day matching either runs.
public struct CronSchedule: Sendable, Equatable, CustomStringConvertible {
    public let description: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    /// A cron expression that cannot be read; `reason` says which field and why.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    public init(parsing text: String) throws {
        let fields = text.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count == 5 else {
            throw ParseError(description: "cron schedule '\(text)' needs 5 fields (minute hour day month weekday), has \(fields.count)")
        }
        description = text
        minutes = try Self.field(fields[0], "minute", 0...59)
        hours = try Self.field(fields[1], "hour", 0...23)
        daysOfMonth = try Self.field(fields[2], "day of month", 1...31)
        months = try Self.field(fields[3], "month", 1...12)
        daysOfWeek = Set(try Self.field(fields[4], "day of week", 0...7).map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
    }

    private static func field(_ text: Substring, _ name: String, _ bounds: ClosedRange<Int>) throws -> Set<Int> {
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw ParseError(description: "cron \(name) '\(text)': more than one '/'") }
            var step = 1
            if pieces.count == 2 {
                guard let n = Int(pieces[1]), n > 0 else { throw ParseError(description: "cron \(name) '\(text)': bad step") }
                step = n
            }
            let range: ClosedRange<Int>
            if pieces[0] == "*" {
                range = bounds
            } else if let dash = pieces[0].firstIndex(of: "-") {
                let low = try number(pieces[0][..<dash], name, bounds)
                let high = try number(pieces[0][pieces[0].index(after: dash)...], name, bounds)
                guard low <= high else { throw ParseError(description: "cron \(name) '\(text)': range runs backwards") }
                range = low...high
            } else {
                let single = try number(pieces[0], name, bounds)
                range = single...(pieces.count == 2 ? bounds.upperBound : single)
            }
            values.formUnion(stride(from: range.lowerBound, through: range.upperBound, by: step))
        }
        return values
    }

    private static func number(_ text: Substring, _ name: String, _ bounds: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), bounds.contains(value) else {
            throw ParseError(description: "cron \(name) '\(text)' is not a number in \(bounds.lowerBound)-\(bounds.upperBound)")
        }
        return value
    }

    /// The first scheduled minute strictly after `time` (Unix seconds, UTC), or nil if there is none
    /// in the next 5 years (e.g. `0 0 31 2 *`).
    public func next(after time: Int64) -> Int64? {
        var minute = (time / 60 + 1) * 60
        let limit = time + 5 * 366 * 86_400
        while minute <= limit {
            let date = UTCDate(unixSeconds: minute)
            guard months.contains(date.month) else {
                minute = UTCDate.startOfNextMonth(after: date)
                continue
            }
            guard dayMatches(date) else {
                minute = UTCDate.startOfDay(minute) + 86_400
                continue
            }
            guard hours.contains(date.hour) else {
                minute = (minute / 3600 + 1) * 3600
                continue
            }
            if minutes.contains(date.minute) { return minute }
            minute += 60
        }
        return nil
    }

    private func dayMatches(_ date: UTCDate) -> Bool {
        let dom = daysOfMonth.contains(date.day)
        let dow = daysOfWeek.contains(date.weekday)
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): return dom || dow
        case (true, false): return dom
        case (false, true): return dow
        case (false, false): return true
        }
    }
}
