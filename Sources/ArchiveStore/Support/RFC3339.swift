import Foundation

/// RFC 3339 timestamps, `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, parsed here rather than by
/// `ISO8601DateFormatter`: ICU's parser behind it dies of a division by zero on some hostile strings
/// (a fraction of 40 digits, found by the `snapshot` fuzz target, docs/fuzzing.md), and repository
/// files, S3 answers and command lines all carry timestamps someone else wrote.
public enum RFC3339 {
    /// The instant `text` names, or nil unless it is exactly one RFC 3339 timestamp (1 to 9 fraction
    /// digits; years 0000–9999). Millisecond values come out bit for bit as `ISO8601DateFormatter`'s.
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func number(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var value = 0
            for i in at..<(at + count) {
                guard (48...57).contains(b[i]) else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        func byte(_ at: Int, _ expected: Character...) -> Bool {
            at < b.count && expected.contains { $0.asciiValue == b[at] }
        }
        guard let year = number(0, 4), byte(4, "-"), let month = number(5, 2), byte(7, "-"), let day = number(8, 2),
            byte(10, "T", "t"), let hour = number(11, 2), byte(13, ":"), let minute = number(14, 2), byte(16, ":"),
            let second = number(17, 2)
        else { return nil }
        var at = 19
        var millis = 0
        var belowMillis = 0  // nanoseconds past the millisecond
        if byte(at, ".") {
            at += 1
            let start = at
            while at < b.count, (48...57).contains(b[at]), at - start < 9 {
                let digit = Int(b[at] - 48)
                if at - start < 3 { millis = millis * 10 + digit } else { belowMillis = belowMillis * 10 + digit }
                at += 1
            }
            let digits = at - start
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { millis *= 10 } }
            if digits > 3 { for _ in digits..<9 { belowMillis *= 10 } }
        }
        var offset = 0
        if byte(at, "Z", "z") {
            at += 1
        } else if byte(at, "+", "-") {
            guard let hours = number(at + 1, 2), byte(at + 3, ":"), let minutes = number(at + 4, 2), hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 60 + minutes) * 60 * (byte(at, "-") ? -1 : 1)
            at += 6
        } else {
            return nil
        }
        guard at == b.count, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24,
            minute < 60, second < 60
        else { return nil }
        let seconds = daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds * 1000 + millis) / 1000 + Double(belowMillis) / 1e9)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the date, proleptic Gregorian (the civil-from-days inverse).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
