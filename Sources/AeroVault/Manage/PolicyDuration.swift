import ArchiveStore
import Foundation

/// A calendar duration such as `1y5m7d2h` for `forget --keep-within` (SPEC.md §14 "forget").
///
/// Units: `y` years, `m` months, `d` days, `h` hours; each at most once, in any order, non-negative
/// integers. Subtraction is calendar-aware (a month back from March 31 is February 28/29), as in restic.
public struct PolicyDuration: Hashable, Sendable, CustomStringConvertible, Codable {
    public var years: Int
    public var months: Int
    public var days: Int
    public var hours: Int

    public init(years: Int = 0, months: Int = 0, days: Int = 0, hours: Int = 0) {
        self.years = years
        self.months = months
        self.days = days
        self.hours = hours
    }

    /// Parses `1y5m7d2h`-style text.
    /// - Throws: `ArchiveStoreError` with code `.invalidArgument` naming the offending text.
    public init(parsing text: String) throws {
        self.init()
        var number = ""
        var seen: Set<Character> = []
        func fail(_ why: String) -> ArchiveStoreError {
            ArchiveStoreError(.invalidArgument, "invalid duration \"\(text)\": \(why) (expected e.g. 1y5m7d2h)")
        }
        for character in text {
            if character.isASCII, character.isNumber {
                number.append(character)
                guard number.count <= 6 else { throw fail("number too large") }
                continue
            }
            guard let value = Int(number) else { throw fail("unit '\(character)' without a number") }
            guard !seen.contains(character) else { throw fail("unit '\(character)' given twice") }
            seen.insert(character)
            switch character {
            case "y": years = value
            case "m": months = value
            case "d": days = value
            case "h": hours = value
            default: throw fail("unknown unit '\(character)'")
            }
            number = ""
        }
        guard number.isEmpty else { throw fail("number \(number) without a unit") }
        guard !seen.isEmpty else { throw fail("empty") }
    }

    /// Whether every component is zero.
    public var isZero: Bool { years == 0 && months == 0 && days == 0 && hours == 0 }

    /// `time` minus this duration, computed in `calendar` (years, months and days first, then hours).
    public func subtracted(from time: Date, calendar: Calendar) -> Date {
        var components = DateComponents()
        components.year = -years
        components.month = -months
        components.day = -days
        let shifted = calendar.date(byAdding: components, to: time) ?? time
        return shifted.addingTimeInterval(-3600 * Double(hours))
    }

    public var description: String {
        var out = ""
        if years > 0 { out += "\(years)y" }
        if months > 0 { out += "\(months)m" }
        if days > 0 { out += "\(days)d" }
        if hours > 0 || out.isEmpty { out += "\(hours)h" }
        return out
    }
}
